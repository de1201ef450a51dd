package leakwatch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// scripted returns a check that returns the reports of counts in turn, one
// check each, each taking took of the bubble's time: counts[i] maps a
// blocking line to its goroutines at check i. After the last, it repeats it.
func scripted(took time.Duration, counts ...map[int]int) func(context.Context) (Report, error) {
	var mu sync.Mutex
	i := 0
	return func(ctx context.Context) (Report, error) {
		mu.Lock()
		c := counts[min(i, len(counts)-1)]
		i++
		mu.Unlock()
		at := time.Now()
		time.Sleep(took)
		r := Report{Proven: true, At: at, Sites: []Site{}}
		for line, n := range c {
			r.Sites = append(r.Sites, Site{
				CreatedBy: "example.com/p.start", CreatedAt: "/src/p/p.go:1",
				BlockedIn: "example.com/p.blocked", BlockedAt: fmt.Sprintf("/src/p/p.go:%d", line),
				State: "chan send", Count: n, Stack: "goroutine 1 [chan send (leaked)]:",
			})
		}
		sortSites(r.Sites)
		return r, nil
	}
}

func newScripted(check func(context.Context) (Report, error), opts ...Option) *Watcher {
	w := New(opts...)
	w.check = check
	return w
}

// runFor runs w for d of the bubble's time, then stops it and checks that Run
// returned the context's error.
func runFor(t *testing.T, w *Watcher, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if err := w.Run(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Run = %v, want the context's error", err)
	}
}

// OnLeak is called for a new site and each time a site grows past the count
// it was last called with; not when a site shrinks and regrows.
func TestWatcherOnLeak(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls []string
		w := newScripted(scripted(time.Millisecond,
			map[int]int{10: 2},
			map[int]int{10: 2},
			map[int]int{10: 5, 11: 1},
			map[int]int{10: 3, 11: 1},
			map[int]int{10: 5},
			map[int]int{10: 6, 11: 1},
		), Interval(time.Second), OnLeak(func(l Leak) {
			calls = append(calls, fmt.Sprintf("%s %d→%d", strings.TrimPrefix(l.BlockedAt, "/src/p/p.go:"), l.Reported, l.Count))
		}))
		runFor(t, w, 5500*time.Millisecond)
		want := "[10 0→2 10 2→5 11 0→1 10 5→6]"
		if got := fmt.Sprint(calls); got != want {
			t.Errorf("OnLeak calls %s, want %s", got, want)
		}
	})
}

// A Watcher keeps each site's history, follows a gone site for 60 checks,
// and lists growing sites first, then the newest.
func TestWatcherLeaks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		w := newScripted(scripted(0,
			map[int]int{10: 4, 11: 9},
			map[int]int{10: 4, 11: 9, 12: 1},
			map[int]int{10: 6, 11: 9, 12: 1},
			map[int]int{10: 6, 12: 1},
		), Interval(time.Minute))
		runFor(t, w, 3*time.Minute+time.Second)
		var order []string
		for _, l := range w.Leaks() {
			order = append(order, strings.TrimPrefix(l.BlockedAt, "/src/p/p.go:"))
		}
		// 10 grew at the third check but not at the fourth; 12 is newer than 11.
		if got := fmt.Sprint(order); got != "[12 10 11]" {
			t.Errorf("order %s, want [12 10 11]", got)
		}
		for _, l := range w.Leaks() {
			var counts []int
			for _, s := range l.History {
				counts = append(counts, s.Count)
			}
			switch l.BlockedAt {
			case "/src/p/p.go:10":
				if fmt.Sprint(counts) != "[4 4 6 6]" || !l.FirstSeen.Equal(start) || !l.LastSeen.Equal(start.Add(3*time.Minute)) {
					t.Errorf("site 10: history %v, first seen %v, last seen %v", counts, l.FirstSeen.Sub(start), l.LastSeen.Sub(start))
				}
			case "/src/p/p.go:11":
				if fmt.Sprint(counts) != "[9 9 9 0]" || l.Count != 9 || !l.LastSeen.Equal(start.Add(2*time.Minute)) {
					t.Errorf("site 11, gone at the last check: history %v, count %d, last seen %v", counts, l.Count, l.LastSeen.Sub(start))
				}
			}
		}
		if r := w.Report(); len(r.Sites) != 2 || !r.At.Equal(start.Add(3*time.Minute)) {
			t.Errorf("Report is not the latest check's: %+v", r)
		}

		// 60 checks later the gone site is forgotten, and histories keep 60 checks.
		runFor(t, w, 60*time.Minute+time.Second)
		for _, l := range w.Leaks() {
			if l.BlockedAt == "/src/p/p.go:11" {
				t.Error("a site gone for 60 checks is still followed")
			}
			if len(l.History) != historyLen {
				t.Errorf("history of %d checks, want %d", len(l.History), historyLen)
			}
		}
	})
}

// Without Interval, the Watcher checks every DefaultInterval, and waits 99
// times as long as a check took when that is longer.
func TestWatcherDefaultInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var ats []time.Duration
		start := time.Now()
		w := newScripted(scripted(0, map[int]int{}), OnCheck(func(r Report, took time.Duration) { ats = append(ats, r.At.Sub(start)) }))
		runFor(t, w, 3*DefaultInterval+time.Second)
		if got := fmt.Sprint(ats); got != fmt.Sprint([]time.Duration{0, DefaultInterval, 2 * DefaultInterval, 3 * DefaultInterval}) {
			t.Errorf("quick checks at %s", got)
		}

		ats = nil
		start = time.Now()
		slow := 2 * time.Second // 99 × 2s is more than a minute
		w = newScripted(scripted(slow, map[int]int{}), OnCheck(func(r Report, took time.Duration) {
			ats = append(ats, r.At.Sub(start))
			if took != slow {
				t.Errorf("OnCheck told a check took %v, want %v", took, slow)
			}
		}))
		runFor(t, w, 10*time.Minute)
		step := slow + costRatio*slow
		if got := fmt.Sprint(ats); got != fmt.Sprint([]time.Duration{0, step, 2 * step, 3 * step}) {
			t.Errorf("slow checks at %s, want every %v", got, step)
		}
	})
}

// The log says what OnLeak is told, and why a check failed.
func TestWatcherLogger(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var buf bytes.Buffer
		log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		calls := 0
		check := scripted(0, map[int]int{10: 2}, map[int]int{10: 3})
		w := newScripted(func(ctx context.Context) (Report, error) {
			if calls++; calls == 2 {
				return Report{}, errors.New("no luck")
			}
			return check(ctx)
		}, Interval(time.Second), Logger(log))
		runFor(t, w, 2500*time.Millisecond)
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprint(rec["level"], " ", rec["msg"], " ", rec["goroutines"], " ", rec["blocked_at"], " ", rec["err"]))
		}
		want := []string{
			"DEBUG leakwatch: check <nil> <nil> <nil>",
			"WARN leakwatch: goroutines leaked at a new site 2 /src/p/p.go:10 <nil>",
			"ERROR leakwatch: check failed <nil> <nil> no luck",
			"DEBUG leakwatch: check <nil> <nil> <nil>",
			"WARN leakwatch: more goroutines leaked at a site 3 /src/p/p.go:10 <nil>",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

func TestWatcherRunOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newScripted(scripted(0, map[int]int{}), Interval(time.Second))
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- w.Run(ctx) }()
		synctest.Wait()
		func() {
			defer func() {
				if r := recover(); !strings.Contains(fmt.Sprint(r), "a Watcher runs once at a time") {
					t.Errorf("a second Run recovered %v", r)
				}
			}()
			w.Run(ctx)
		}()
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v", err)
		}
		// Once it has returned, it may run again.
		runFor(t, w, time.Second)
	})
	defer func() {
		if r := recover(); !strings.Contains(fmt.Sprint(r), "use leakwatch.New()") {
			t.Errorf("Run on a zero Watcher recovered %v", r)
		}
	}()
	new(Watcher).Run(t.Context())
}

func TestOptionsPanic(t *testing.T) {
	for name, f := range map[string]func(){
		"Interval(0)":      func() { Interval(0) },
		"OnLeak(nil)":      func() { OnLeak(nil) },
		"OnCheck(nil)":     func() { OnCheck(nil) },
		"Logger(nil)":      func() { Logger(nil) },
		"Suspect(0, 1h)":   func() { Suspect(0, time.Hour) },
		"Suspect(10, 30s)": func() { Suspect(10, 30*time.Second) },
		"New(nil)":         func() { New(nil) },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.HasPrefix(fmt.Sprint(r), "leakwatch: ") {
					t.Errorf("%s: recovered %v, want a leakwatch panic", name, r)
				}
			}()
			f()
		}()
	}
}

// A Watcher's own checks are the process's: Run with the real check, in
// whatever mode the runtime offers.
func TestWatcherRuns(t *testing.T) {
	var reports []Report
	w := New(Interval(time.Millisecond), OnCheck(func(r Report, _ time.Duration) { reports = append(reports, r) }))
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		if r := w.Report(); !r.At.IsZero() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no check after 10s")
		}
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v", err)
	}
	if r := w.Report(); r.Proven != useProfile || r.Sites == nil {
		t.Errorf("report %+v, want Proven=%v", r, useProfile)
	}
}
