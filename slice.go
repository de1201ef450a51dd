package leash

import (
	"context"
	"sync"
	"sync/atomic"
)

// Map calls fn for every element of in, at most Limit at a time (default
// runtime.GOMAXPROCS(0)), and returns the results in the order of in. It is
// the playbook's ParallelMap with the slot-per-index pattern, the semaphore
// and the context handling built in.
//
// Map starts at most Limit-1 goroutines, whatever the length of in, and runs
// the rest of the work in the caller's goroutine; the workers claim the
// indexes in chunks, so the cost per element stays a few nanoseconds and
// nothing is allocated per element.
//
// The first error cancels the context given to the running calls of fn, no
// further element is started, and Map returns that error with a nil slice.
// If ctx ends before every element was started, Map returns
// context.Cause(ctx), also with a nil slice. When Map returns, every
// goroutine it started has ended. If fn panics, Map panics in the caller's
// goroutine with a *PanicError.
//
// With CollectErrors, Map runs every element and returns the values fn
// returned alongside its errors: the slice holds, at index i, what fn
// returned for in[i], also when fn returned an error with it, and the error
// is errors.Join of every error, in the order of in. If ctx ends before
// every element was started, the elements never started hold the zero R and
// context.Cause(ctx) is joined last.
func Map[T, R any](ctx context.Context, in []T, fn func(context.Context, T) (R, error), opts ...Option) ([]R, error) {
	if fn == nil {
		panic("leash: Map called with a nil function")
	}
	c := newConfig(opts)
	r := &indexRun[T, R]{in: in, out: make([]R, len(in)), fn: fn}
	if err := r.run(ctx, c); err != nil {
		if !c.collect {
			return nil, err
		}
		return r.out, err
	}
	return r.out, nil
}

// ForEach calls fn for every element of in, at most Limit at a time (default
// runtime.GOMAXPROCS(0)), with the same rules as Map: the first error cancels
// the rest and is returned (with CollectErrors, every element runs and the
// errors are joined), the cause of ctx is returned if it ends before every
// element was started, a panic is re-raised as a *PanicError, and no
// goroutine outlives the call.
func ForEach[T any](ctx context.Context, in []T, fn func(context.Context, T) error, opts ...Option) error {
	if fn == nil {
		panic("leash: ForEach called with a nil function")
	}
	r := &indexRun[T, struct{}]{in: in, each: fn}
	return r.run(ctx, newConfig(opts))
}

// maxChunk caps how many consecutive indexes a worker claims at once. Large
// enough that claiming costs nothing per element for trivial tasks, small
// enough that workers still share the tail of the work evenly.
const maxChunk = 256

// indexRun is one call of Map (fn, results in out) or ForEach (each): a task
// per element of in, shared by the workers through an atomic cursor. The
// workers call fn or each directly, not through a closure over the index, as
// the call is most of what a trivial task costs.
type indexRun[T, R any] struct {
	*outcome
	in      []T
	out     []R
	fn      func(context.Context, T) (R, error)
	each    func(context.Context, T) error
	n       int
	workers int
	next    atomic.Int64   // the first index no worker has claimed
	wg      sync.WaitGroup // the workers started besides the caller

	ran atomic.Int64 // tasks started, for an Observer (all were queued when the call began)
}

// run runs the tasks under the rules of c.
func (r *indexRun[T, R]) run(ctx context.Context, c config) error {
	n := len(r.in)
	r.outcome = newOutcome(ctx, c)
	r.n = n
	r.workers = max(min(c.workers(), n), 1)
	defer r.cancel(errReturned)
	if r.obs != nil {
		r.callStarted(c.workers())
		defer r.callEnded()
		r.queued(n)
	}
	// The caller's goroutine is one of the workers, unless the workers
	// must carry profiler labels, which it must not lose or keep.
	spawn := r.workers - 1
	if r.labels {
		spawn = r.workers
	}
	for range spawn {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			r.labelGoroutine()
			r.work()
		}()
	}
	func() {
		// Deferred so that the workers are waited for even if a task
		// ends the caller's goroutine with runtime.Goexit.
		defer r.wg.Wait()
		if spawn < r.workers {
			r.work()
		}
	}()
	if r.obs != nil {
		r.skipped(n - int(r.ran.Load()))
	}
	return r.finish()
}

// work runs claimed indexes until there are none left or the run stops.
func (r *indexRun[T, R]) work() {
	i := -1 // the index being run, for abnormal
	var startedAt clock
	defer func() {
		if i >= 0 {
			r.abnormal(i, recover(), startedAt)
		}
	}()
	for {
		lo, hi := r.claim()
		if lo >= hi {
			i = -1
			return
		}
		for i = lo; i < hi; i++ {
			if r.shouldStop() {
				i = -1
				return
			}
			var err error
			if r.obs == nil {
				err = r.task(i)
			} else {
				r.ran.Add(1)
				startedAt = r.started(0)
				err = r.task(i)
				r.ended(startedAt, err)
			}
			if err != nil {
				r.fail(i, err)
			}
		}
	}
}

// task runs the task of element i.
func (r *indexRun[T, R]) task(i int) (err error) {
	if r.each != nil {
		return r.each(r.ctx, r.in[i])
	}
	r.out[i], err = r.fn(r.ctx, r.in[i])
	return err
}

// claim hands out the next chunk of indexes [lo, hi). Chunks shrink as the
// work runs out (guided scheduling), so that the last tasks spread over all
// workers instead of queueing behind one.
func (r *indexRun[T, R]) claim() (lo, hi int) {
	left := r.n - int(r.next.Load())
	size := min(max(left/(4*r.workers), 1), maxChunk)
	hi = int(r.next.Add(int64(size)))
	return min(hi-size, r.n), min(hi, r.n)
}
