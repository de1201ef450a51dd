package leakwatch

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/leash-go/leash/internal/goroutines"
)

// Whatever the sites' counts from check to check, OnLeak is called for a
// site exactly when its count passes the highest it was called with, a
// site's history holds its latest counts (at most 60), and a site no check
// has found for 60 checks is forgotten.
func TestWatcherProperty(t *testing.T) {
	for seed := range uint64(30) {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(seed, 7))
				checks := 50 + rng.IntN(100)
				counts := make([]map[int]int, checks)
				for i := range counts {
					counts[i] = map[int]int{}
					for line := range 5 {
						if rng.IntN(3) > 0 && (line != 4 || i < checks/3) { // site 4 goes away early
							counts[i][line] = rng.IntN(20)
						}
					}
				}
				told := map[int][]int{} // line → the counts OnLeak was called with
				w := newScripted(scripted(0, counts...), Interval(time.Second), OnLeak(func(l Leak) {
					var line int
					fmt.Sscanf(l.BlockedAt, "/src/p/p.go:%d", &line)
					told[line] = append(told[line], l.Count)
				}))
				runFor(t, w, time.Duration(checks-1)*time.Second+time.Second/2)

				for line := range 5 {
					var want []int
					peak := 0
					for _, c := range counts {
						if n, ok := c[line]; ok && n > peak {
							want = append(want, n)
							peak = n
						}
					}
					if fmt.Sprint(told[line]) != fmt.Sprint(want) {
						t.Errorf("site %d: OnLeak told %v, want %v", line, told[line], want)
					}
				}
				leaks := w.Leaks()
				for _, l := range leaks {
					var line int
					fmt.Sscanf(l.BlockedAt, "/src/p/p.go:%d", &line)
					if len(l.History) > historyLen {
						t.Errorf("site %d: a history of %d checks", line, len(l.History))
					}
					first := max(0, checks-len(l.History))
					for i, s := range l.History {
						if want := counts[first+i][line]; s.Count != want {
							t.Errorf("site %d, check %d: %d in the history, want %d", line, first+i, s.Count, want)
						}
					}
				}
				seen := false
				for _, c := range counts[max(0, checks-historyLen):] {
					if _, ok := c[4]; ok && c[4] > 0 {
						seen = true
					}
				}
				gone := true
				for _, l := range leaks {
					if l.BlockedAt == "/src/p/p.go:4" {
						gone = false
					}
				}
				if gone == seen {
					t.Errorf("site 4, last found %v in the latest 60 checks, followed: %v", seen, !gone)
				}
			})
		})
	}
}

// However garbled the text the runtime wrote, reading it never fails, and
// counts no more goroutines than the dump and the profile hold.
func FuzzSites(f *testing.F) {
	var b strings.Builder
	fakeDump(&b, 3, "chan send (leaked)", 10, 1)
	fakeDump(&b, 2, "select, 12 minutes", 11, 1)
	f.Add([]byte(b.String()), []byte(sampleLeakProfile))
	f.Add([]byte("goroutine 1 [chan send (leaked)]:\n"), []byte("1 @ 0x1\n#\t0x1\tf+0x1\t/a.go:1\n"))
	f.Fuzz(func(t *testing.T, dump, profile []byte) {
		groups := goroutines.ParseProfile(profile)
		counted := 0
		for _, g := range groups {
			counted += g.Count
		}
		entries := 0
		for range goroutines.Entries(dump) {
			entries++
		}
		sites, err := provenSites(context.Background(), groups, dump)
		if err != nil {
			t.Fatal(err)
		}
		if n := total(sites); n > max(entries, 0)+max(counted, 0) {
			t.Errorf("proven: %d goroutines from %d entries and a profile of %d", n, entries, counted)
		}
		sites, err = suspectedSites(context.Background(), suspicion{min: 1, after: time.Minute}, dump)
		if err != nil {
			t.Fatal(err)
		}
		if n := total(sites); n > entries {
			t.Errorf("suspected: %d goroutines from %d entries", n, entries)
		}
	})
}

func total(sites []Site) int {
	n := 0
	for _, s := range sites {
		n += s.Count
	}
	return n
}

const sampleLeakProfile = `goroutineleak profile: total 3
3 @ 0x1 0x2
#	0x1	example.com/p.blocked+0x1	/src/p/p.go:10
#	0x2	example.com/p.worker+0x2	/src/p/p.go:99
`
