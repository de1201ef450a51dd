package leakwatch

import (
	"fmt"
	"testing"
)

// A check dumps the goroutines only when the leak profile shows a stack it
// has not read yet, when goroutines of a stack shared by several sites
// leaked since, or every refreshEvery checks while a known stack gains
// goroutines; otherwise it counts from the profile, and tells the same
// sites.
func TestCheckSkipsTheDump(t *testing.T) {
	if !useProfile {
		t.Skip("the runtime has no goroutine leak profile")
	}
	cache.reset()
	defer cache.reset()
	send := [2]string{mark(t, "created: send"), mark(t, "blocked: send")}
	twinA := [2]string{mark(t, "created: twin a"), mark(t, "blocked: twin")}
	twinB := [2]string{mark(t, "created: twin b"), mark(t, "blocked: twin")}
	count := func(r Report, s [2]string) int {
		site, _ := site(r, s[0], s[1])
		return site.Count
	}
	step := func(what string, wantDump bool, leak func()) Report {
		t.Helper()
		leak()
		awaitParked(t, send[0], twinA[0], twinB[0])
		before := dumps.Load()
		r := mustCheck(t)
		if dumped := dumps.Load() > before; dumped != wantDump {
			t.Errorf("%s: dumped %v, want %v", what, dumped, wantDump)
		}
		return r
	}
	r0 := step("first check", true, func() { leakSend(2); leakTwinA(1) })
	r1 := step("no new leak", false, func() {})
	if len(r1.Sites) != len(r0.Sites) {
		t.Errorf("from the cache: %d sites, from the dump %d", len(r1.Sites), len(r0.Sites))
	}
	for i := range r0.Sites {
		if r1.Sites[i] != r0.Sites[i] {
			t.Errorf("site %d from the cache:\n%+v\nfrom the dump:\n%+v", i, r1.Sites[i], r0.Sites[i])
		}
	}
	r2 := step("more of a known stack", false, func() { leakSend(3) })
	if n := count(r2, send) - count(r0, send); n != 3 {
		t.Errorf("%d more goroutines counted from the profile, want 3", n)
	}
	if count(r0, twinB) == 0 {
		// The profile cannot tell goroutines of a known stack started by
		// another go statement: they count at the known site until the
		// next dump.
		r3 := step("a known stack from another go statement", false, func() { leakTwinB(2) })
		if count(r3, twinA)-count(r0, twinA) != 2 || count(r3, twinB) != 0 {
			t.Errorf("twins before a dump: a %d→%d, b %d→%d", count(r0, twinA), count(r3, twinA), count(r0, twinB), count(r3, twinB))
		}
		cache.reset() // as a refresh does
		r4 := step("the dump that refreshes the cache", true, func() {})
		if count(r4, twinA) != count(r0, twinA) || count(r4, twinB) != 2 {
			t.Errorf("twins after a dump: a %d→%d, b %d→%d", count(r0, twinA), count(r4, twinA), count(r0, twinB), count(r4, twinB))
		}
	}
	r5 := step("more of a stack shared by two sites", true, func() { leakTwinA(1) })
	r6 := step("no new leak", false, func() {})
	if count(r6, twinA)-count(r5, twinA) != 0 || count(r6, twinB) != count(r5, twinB) {
		t.Errorf("twins from the cache: a %d→%d, b %d→%d", count(r5, twinA), count(r6, twinA), count(r5, twinB), count(r6, twinB))
	}
	for range 2 * refreshEvery {
		step("no new leak", false, func() {})
	}
	step(fmt.Sprintf("a known stack grows after %d checks without a dump", 2*refreshEvery), true, func() { leakSend(1) })
	for range refreshEvery {
		step("a known stack grows", false, func() { leakSend(1) })
	}
	step(fmt.Sprintf("a known stack grows after %d checks without a dump", refreshEvery), true, func() { leakSend(1) })
}
