package leash_test

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// noneOutlive runs call and fails t if a goroutine started during call is
// still alive after it returned. A goroutine that has signalled its end (the
// WaitGroup.Done the call waits for) still needs a moment to exit, so the
// count may take a few scheduling rounds to settle; a leaked goroutine never
// lets it. The tests that use it do not run in parallel, as it counts every
// goroutine of the process.
func noneOutlive(t testing.TB, call func()) {
	t.Helper()
	before := runtime.NumGoroutine()
	call()
	deadline := time.Now().Add(time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Fatalf("%d goroutines outlived the call (%d before, %d after):\n%s", after-before, before, after, buf)
	}
}

// afterReturn records tasks that run after the call that ran them returned,
// which would break "nothing outlives the call" even if the goroutines
// eventually ended.
type afterReturn struct {
	returned, late atomic.Bool
}

// task marks the end of one task; call it as the last thing a task does.
func (a *afterReturn) task() {
	if a.returned.Load() {
		a.late.Store(true)
	}
}

// check marks the call as returned and fails t if any task ran after it.
// Call it in a synctest bubble, where Wait lets every goroutine still running
// run until it ends or blocks.
func (a *afterReturn) check(t testing.TB) {
	t.Helper()
	a.returned.Store(true)
	synctest.Wait()
	if a.late.Load() {
		t.Fatal("a task was still running after the call returned")
	}
}

// peak tracks how many tasks run at once.
type peak struct {
	now, max atomic.Int64
}

func (p *peak) enter() { p.record(p.now.Add(1)) }

// record raises max to n if n is higher.
func (p *peak) record(n int64) {
	for {
		m := p.max.Load()
		if n <= m || p.max.CompareAndSwap(m, n) {
			return
		}
	}
}

func (p *peak) leave() { p.now.Add(-1) }

// mustPanic runs f and returns what it panicked with, failing t if it did
// not panic.
func mustPanic(t *testing.T, f func()) (v any) {
	t.Helper()
	defer func() { v = recover() }()
	f()
	t.Fatal("no panic")
	return nil
}

// mustPanicWith checks that f panics with a message that contains want.
func mustPanicWith(t *testing.T, want string, f func()) {
	t.Helper()
	v := mustPanic(t, f)
	msg, _ := v.(string)
	if !strings.Contains(msg, want) {
		t.Fatalf("panic = %v, want a message containing %q", v, want)
	}
}

// within fails t if done is not closed within d; it guards tests against
// hanging forever on a bug.
func within(t *testing.T, d time.Duration, done <-chan struct{}) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("not done after %v", d)
	}
}

// lookupSeed reads LEASH_SEED, the seed to replay a random test with.
func lookupSeed() (uint64, bool) {
	v, err := strconv.ParseUint(os.Getenv("LEASH_SEED"), 10, 64)
	return v, err == nil
}

// checkLimit runs call, whose tasks each call task, in a synctest bubble.
// Every task blocks until released; checkLimit releases them one at a time
// and fails t if more than limit ever run at once, or if limit never do.
func checkLimit(t *testing.T, limit, tasks int, call func(task func())) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		var p peak
		gate := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			call(func() {
				p.enter()
				defer p.leave()
				<-gate
			})
		}()
		for range tasks {
			synctest.Wait()
			if n := p.now.Load(); n > int64(limit) {
				t.Fatalf("%d tasks running at once, limit %d", n, limit)
			}
			gate <- struct{}{}
		}
		<-done
		if m := p.max.Load(); m != int64(limit) {
			t.Fatalf("at most %d ran at once, want %d", m, limit)
		}
	})
}
