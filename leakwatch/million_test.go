package leakwatch

import (
	"os"
	"runtime"
	"testing"
	"time"
)

// TestMillionGoroutines checks a process of a million goroutines, a tenth of
// them leaked at one site, and tells what the check cost: its time, the
// memory it allocated, the dump it read, the report it kept. It needs about
// 3 GB and a minute, and cannot run under the race detector (which allows
// 8128 goroutines), so it runs only when asked:
//
//	LEAKWATCH_MILLION=1 GOEXPERIMENT=goroutineleakprofile go test -run TestMillionGoroutines -v ./leakwatch
func TestMillionGoroutines(t *testing.T) {
	if os.Getenv("LEAKWATCH_MILLION") == "" {
		t.Skip("set LEAKWATCH_MILLION=1 to check a process of a million goroutines (3 GB, a minute)")
	}
	const total, leaked = 1_000_000, 100_000
	createdAt, blockedAt := mark(t, "created: send"), mark(t, "blocked: send")
	cache.reset()
	had, _ := site(mustCheck(t), createdAt, blockedAt)
	release := parkOwn(total - leaked)
	defer release()
	leakSend(leaked)
	for runtime.NumGoroutine() < total {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(time.Second) // they all block
	runtime.GC()

	for i, what := range []string{"first check: dump", "second check: from the cache"} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		dumpsBefore := dumps.Load()
		start := time.Now()
		r := mustCheck(t)
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		s, ok := site(r, createdAt, blockedAt)
		if !ok && r.Proven {
			t.Fatalf("%s: no site at %s", what, blockedAt)
		}
		if r.Proven && s.Count-had.Count != leaked {
			t.Errorf("%s: %d goroutines leaked at the site, want %d", what, s.Count-had.Count, leaked)
		}
		stacks := 0
		for _, s := range r.Sites {
			stacks += len(s.Stack)
		}
		t.Logf("%s, %d goroutines (%s): %v; allocated %.1f MB; dump read: %v, %.1f MB (limit %d MB); report: %d sites, %d bytes of stacks; %d goroutines counted at the site",
			what, runtime.NumGoroutine(), runtime.Version(), took.Round(time.Millisecond),
			float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), dumps.Load() > dumpsBefore,
			float64(lastDump.Load())/(1<<20), dumpLimit>>20, len(r.Sites), stacks, s.Count-had.Count)
		if i == 0 && r.Proven && lastDump.Load() > int64(dumpLimit) {
			t.Errorf("a dump of %d bytes, over the limit", lastDump.Load())
		}
	}
}
