package leakwatch

import (
	"os"
	"runtime"
	"testing"
	"time"
)

// TestMillionGoroutines checks a process of a million goroutines, a tenth of
// them leaked at one site, and tells what the check cost: its time, the
// memory it allocated, the dump it read, the report it kept. The leaked
// goroutines come last, past what the 64 MiB dump holds: the check counts
// them, from the leak profile, at the line they are blocked at, and cannot
// tell their go statement. It needs about
// 3 GB and a minute, and cannot run under the race detector (which allows
// 8128 goroutines), so it runs only when asked:
//
//	LEAKWATCH_MILLION=1 GOEXPERIMENT=goroutineleakprofile go test -run TestMillionGoroutines -v ./leakwatch
func TestMillionGoroutines(t *testing.T) {
	if os.Getenv("LEAKWATCH_MILLION") == "" {
		t.Skip("set LEAKWATCH_MILLION=1 to check a process of a million goroutines (3 GB, a minute)")
	}
	const total, leaked = 1_000_000, 100_000
	blockedAt := mark(t, "blocked: send")
	cache.reset()
	had := blockedCount(mustCheck(t), blockedAt)
	release := parkOwn(total - leaked)
	defer release()
	leakSend(leaked)
	for runtime.NumGoroutine() < total {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(time.Second) // they all block
	runtime.GC()

	for i, what := range []string{"first check: dump", "second check: from the cache"} {
		var before, after, kept runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		dumpsBefore := dumps.Load()
		pausesBefore := readPauses()
		start := time.Now()
		r := mustCheck(t)
		took := time.Since(start)
		pausesAfter := readPauses()
		_, gcPause, gcMax := since(pausesBefore.gc, pausesAfter.gc)
		_, otherPause, otherMax := since(pausesBefore.other, pausesAfter.other)
		runtime.ReadMemStats(&after)
		runtime.GC()
		runtime.ReadMemStats(&kept)
		runtime.KeepAlive(r)
		n := blockedCount(r, blockedAt) - had
		if r.Proven && n != leaked {
			t.Errorf("%s: %d goroutines leaked at %s, want %d", what, n, blockedAt, leaked)
		}
		stacks := 0
		for _, s := range r.Sites {
			stacks += len(s.Stack)
		}
		t.Logf("%s, %d goroutines (%s): %v; allocated %.1f MB, %+.1f MB on the heap after a collection; dump read: %v, %.1f MB (limit %d MB); report: %d sites, %d bytes of stacks; %d goroutines counted at the line",
			what, runtime.NumGoroutine(), runtime.Version(), took.Round(time.Millisecond),
			float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), (float64(kept.HeapAlloc)-float64(before.HeapAlloc))/(1<<20), dumps.Load() > dumpsBefore,
			float64(lastDump.Load())/(1<<20), dumpLimit>>20, len(r.Sites), stacks, n)
		t.Logf("  stop-the-world: the collector's %.0f ms in all, the longest under %.0f ms; the others' (the dump's) %.0f ms, the longest under %.0f ms",
			gcPause*1e3, gcMax*1e3, otherPause*1e3, otherMax*1e3)
		for _, s := range r.Sites {
			t.Logf("  %d goroutines [%s] blocked at %s, created at %q", s.Count, s.State, s.BlockedAt, s.CreatedAt)
		}
		if i == 0 && r.Proven && lastDump.Load() > int64(dumpLimit) {
			t.Errorf("a dump of %d bytes, over the limit", lastDump.Load())
		}
	}
}

// blockedCount returns the goroutines of r blocked at the line, whatever
// their go statement.
func blockedCount(r Report, blockedAt string) int {
	n := 0
	for _, s := range r.Sites {
		if s.BlockedAt == blockedAt {
			n += s.Count
		}
	}
	return n
}
