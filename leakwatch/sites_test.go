package leakwatch

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leash-go/leash/internal/goroutines"
)

// fakeDump writes n goroutines with the header state, blocked in
// example.com/p.blocked at p.go:line, created by example.com/p.start at
// p.go:created, each as a dump prints it.
func fakeDump(b *strings.Builder, n int, state string, line, created int) {
	for range n {
		id := b.Len()
		fmt.Fprintf(b, "goroutine %d [%s]:\nexample.com/p.blocked()\n\t/src/p/p.go:%d +0x1e\nexample.com/p.worker()\n\t/src/p/p.go:99 +0x10\ncreated by example.com/p.start in goroutine 1\n\t/src/p/p.go:%d +0x9c\n\n", id, state, line, created)
	}
}

func TestSuspectedSites(t *testing.T) {
	var b strings.Builder
	fakeDump(&b, 1500, "chan send, 12 minutes", 10, 1)      // suspected
	fakeDump(&b, 999, "chan receive, 30 minutes", 11, 1)    // too few
	fakeDump(&b, 2000, "IO wait, 30 minutes", 12, 1)        // not blocked on a channel or lock
	fakeDump(&b, 1200, "select, 9 minutes", 13, 1)          // not for long enough
	fakeDump(&b, 800, "sync.Mutex.Lock, 20 minutes", 14, 1) // 800 long enough ...
	fakeDump(&b, 400, "sync.Mutex.Lock", 14, 1)             // ... and 400 too recent: too few
	fakeDump(&b, 600, "chan send (nil chan), 10 minutes", 15, 1)
	fakeDump(&b, 600, "chan send (nil chan), 10 minutes", 15, 2) // another go statement: another site
	fakeDump(&b, 1000, "sync.WaitGroup.Wait, 10 minutes", 16, 3)
	sites, err := suspectedSites(context.Background(), defaultSuspicion, []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		count     int
		state     string
		blockedAt string
	}{
		{1500, "chan send", "/src/p/p.go:10"},
		{1000, "sync.WaitGroup.Wait", "/src/p/p.go:16"},
	}
	if len(sites) != len(want) {
		t.Fatalf("%d sites, want %d: %+v", len(sites), len(want), sites)
	}
	for i, w := range want {
		s := sites[i]
		if s.Count != w.count || s.State != w.state || s.BlockedAt != w.blockedAt || s.BlockedIn != "example.com/p.blocked" ||
			s.CreatedBy != "example.com/p.start" || !strings.HasPrefix(s.Stack, "goroutine ") || !strings.Contains(s.Stack, w.blockedAt) {
			t.Errorf("site %d: %+v, want %d [%s] at %s", i, s, w.count, w.state, w.blockedAt)
		}
	}
	// A lower threshold finds more, never what is too recent.
	sites, err = suspectedSites(context.Background(), suspicion{min: 500, after: 10 * time.Minute}, []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, s := range sites {
		got[s.BlockedAt+" "+s.CreatedAt] = s.Count
	}
	wantSites := map[string]int{
		"/src/p/p.go:10 /src/p/p.go:1": 1500,
		"/src/p/p.go:11 /src/p/p.go:1": 999,
		"/src/p/p.go:14 /src/p/p.go:1": 800,
		"/src/p/p.go:15 /src/p/p.go:1": 600,
		"/src/p/p.go:15 /src/p/p.go:2": 600,
		"/src/p/p.go:16 /src/p/p.go:3": 1000,
	}
	if fmt.Sprint(got) != fmt.Sprint(wantSites) {
		t.Errorf("with 500 goroutines for 10 minutes: %v, want %v", got, wantSites)
	}
}

func TestSuspectedSitesCancelled(t *testing.T) {
	var b strings.Builder
	fakeDump(&b, 5000, "chan send, 12 minutes", 10, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := suspectedSites(ctx, defaultSuspicion, []byte(b.String())); !errors.Is(err, context.Canceled) {
		t.Errorf("suspectedSites with an ended context = %v", err)
	}
}

// profileOf returns the leak profile's groups for n goroutines blocked at
// p.go:line as fakeDump writes them.
func profileOf(n, line int) goroutines.Group {
	return goroutines.Group{Count: n, Frames: []goroutines.Frame{
		{Function: "runtime.gopark", File: "/go/src/runtime/proc.go", Line: 460},
		{Function: "example.com/p.blocked", File: "/src/p/p.go", Line: line},
		{Function: "example.com/p.worker", File: "/src/p/p.go", Line: 99},
	}}
}

func TestProvenSites(t *testing.T) {
	cases := []struct {
		name   string
		dump   func(b *strings.Builder)
		groups []goroutines.Group
		want   map[string]int // "blocked created" → count
	}{{
		name: "the dump shows what the profile counts",
		dump: func(b *strings.Builder) {
			fakeDump(b, 3, "chan send (leaked)", 10, 1)
			fakeDump(b, 2, "chan send (leaked)", 10, 2)
			fakeDump(b, 5, "chan send", 10, 3) // same line, alive
			fakeDump(b, 4, "select (leaked)", 11, 1)
		},
		groups: []goroutines.Group{profileOf(5, 10), profileOf(4, 11)},
		want:   map[string]int{"10 1": 3, "10 2": 2, "11 1": 4},
	}, {
		name: "the dump was cut short: the profile's count goes to the site the dump shows",
		dump: func(b *strings.Builder) {
			fakeDump(b, 3, "chan send (leaked)", 10, 1)
		},
		groups: []goroutines.Group{profileOf(1000, 10)},
		want:   map[string]int{"10 1": 1000},
	}, {
		name: "another leak detection cleared the marks: the site of an unmarked goroutine with the stack",
		dump: func(b *strings.Builder) {
			fakeDump(b, 7, "chan receive", 12, 4)
		},
		groups: []goroutines.Group{profileOf(7, 12)},
		want:   map[string]int{"12 4": 7},
	}, {
		name:   "the dump lacks the stack: the profile's stack, without its go statement",
		dump:   func(b *strings.Builder) {},
		groups: []goroutines.Group{profileOf(2, 13)},
		want:   map[string]int{"13 ": 2},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			tc.dump(&b)
			sites, err := provenSites(context.Background(), tc.groups, []byte(b.String()))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, s := range sites {
				if s.Stack == "" || s.BlockedIn != "example.com/p.blocked" {
					t.Errorf("site without its stack or function: %+v", s)
				}
				got[strings.TrimPrefix(s.BlockedAt, "/src/p/p.go:")+" "+strings.TrimPrefix(s.CreatedAt, "/src/p/p.go:")] = s.Count
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("sites %v, want %v", got, tc.want)
			}
		})
	}
}
