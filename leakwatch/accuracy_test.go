package leakwatch

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestMeasureAccuracy leaks 100 goroutines of every kind the runtime proves
// next to 10,000 parked on what a global holds, and tells, for each kind,
// how many one check reports at the kind's lines, and how many parked
// goroutines it reports; then the same for goroutines blocked on a lone
// sync.Mutex, after one check and after two. It runs when asked, without
// the race detector (which caps a process at 8,128 goroutines):
//
//	LEAKWATCH_ACCURACY=1 GOEXPERIMENT=goroutineleakprofile go test -run TestMeasureAccuracy -v ./leakwatch
func TestMeasureAccuracy(t *testing.T) {
	if os.Getenv("LEAKWATCH_ACCURACY") == "" {
		t.Skip("set LEAKWATCH_ACCURACY=1 to measure")
	}
	const n = 100
	before := mustCheck(t)
	defer leakEveryKind(t, 2000, func(int) int { return n })()
	leakBareMutex(n)
	awaitParked(t, mark(t, "created: bare mutex"))
	r := mustCheck(t)
	var b strings.Builder
	fmt.Fprintf(&b, "| kind | leaked | reported at its lines | state |\n| --- | ---: | ---: | --- |\n")
	exact := 0
	for _, k := range kinds {
		createdAt, blockedAt := mark(t, "created: "+k.name), mark(t, "blocked: "+k.name)
		s, _ := site(r, createdAt, blockedAt)
		had, _ := site(before, createdAt, blockedAt)
		fmt.Fprintf(&b, "| %s | %d | %d | `%s` |\n", k.name, n, s.Count-had.Count, s.State)
		if s.Count-had.Count == n && s.State == k.state {
			exact++
		}
	}
	bare := [2]string{mark(t, "created: bare mutex"), mark(t, "blocked: bare mutex")}
	s1, _ := site(r, bare[0], bare[1])
	s2, _ := site(mustCheck(t), bare[0], bare[1])
	had, _ := site(before, bare[0], bare[1])
	live := 0
	for _, s := range r.Sites {
		for _, l := range liveLines(t) {
			if s.CreatedAt == l {
				live += s.Count
			}
		}
	}
	fmt.Fprintf(&b, "\n%s, proven %v: %d of %d kinds counted exactly; parked goroutines reported: %d of 10,000; a lone sync.Mutex: %d of %d proven at the first check, %d at the second.\n",
		r.At.Format("2006-01-02"), r.Proven, exact, len(kinds), live, s1.Count-had.Count, n, s2.Count-had.Count)
	t.Log("\n" + b.String())
	if r.Proven && (exact != len(kinds) || live != 0) {
		t.Error("not exact")
	}
}
