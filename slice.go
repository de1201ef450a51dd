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
	o       *outcome
	in      []T
	out     []R
	fn      func(context.Context, T) (R, error)
	each    func(context.Context, T) error
	workers int
	next    atomic.Int64   // the first index no worker has claimed
	wg      sync.WaitGroup // the workers started besides the caller

	ran atomic.Int64 // tasks started, for an Observer (all were queued when the call began)
}

// run runs the tasks under the rules of c, and returns what the call
// reports.
func (r *indexRun[T, R]) run(ctx context.Context, c config) error {
	r.o = newOutcome(ctx, c)
	defer r.o.cancel(errReturned)
	n := len(r.in)
	r.workers = max(min(c.workers(), n), 1)
	if r.o.obs != nil {
		r.o.callStarted(c.workers())
		defer r.o.callEnded()
		r.o.queued(n)
	}
	// The caller's goroutine is one of the workers, unless the workers
	// must carry profiler labels, which it must not lose or keep.
	spawn := r.workers - 1
	if r.o.labels {
		spawn = r.workers
	}
	for range spawn {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			r.o.labelGoroutine()
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
	if r.o.obs != nil {
		r.o.skipped(n - int(r.ran.Load()))
	}
	return r.o.finish()
}

// work runs the tasks of the chunks it claims until none is left or the
// call stops.
func (r *indexRun[T, R]) work() {
	guard := taskGuard{o: r.o, index: noTask}
	defer guard.end()
	for {
		lo, hi := r.claim()
		if lo >= hi || !r.runChunk(&guard, lo, hi) {
			return
		}
	}
}

// claim hands out the next chunk of indexes [lo, hi). Chunks shrink as the
// work runs out (guided scheduling), so that the last tasks spread over all
// workers instead of queueing behind one.
func (r *indexRun[T, R]) claim() (lo, hi int) {
	n := len(r.in)
	left := n - int(r.next.Load())
	size := min(max(left/(4*r.workers), 1), maxChunk)
	hi = int(r.next.Add(int64(size)))
	return min(hi-size, n), min(hi, n)
}

// runChunk runs the tasks of indexes lo to hi-1, one after the other, and
// reports false if the call stopped before the last of them started.
//
// It is the path of every element, which for a trivial task is most of what
// the element costs: it reads the fields it needs once, and has a loop for
// ForEach and one for Map rather than a branch per element. Before each
// element it asks whether the tasks' context has ended, as mayStart does.
func (r *indexRun[T, R]) runChunk(guard *taskGuard, lo, hi int) bool {
	o := r.o
	if o.obs != nil {
		return r.runObserved(guard, lo, hi)
	}
	// The guard's index is the loop's: it says which task runs, should
	// one not return, at no cost of its own.
	live, ctx, in := o.live, o.ctx, r.in[:hi]
	if each := r.each; each != nil {
		for guard.index = lo; guard.index < hi; guard.index++ {
			if live.Err() != nil {
				return r.stopped(guard)
			}
			if err := each(ctx, in[guard.index]); err != nil {
				o.fail(guard.index, err)
			}
		}
	} else {
		fn, out := r.fn, r.out[:hi]
		for guard.index = lo; guard.index < hi; guard.index++ {
			if live.Err() != nil {
				return r.stopped(guard)
			}
			i := guard.index
			var err error
			if out[i], err = fn(ctx, in[i]); err != nil {
				o.fail(i, err)
			}
		}
	}
	guard.index = noTask
	return true
}

// stopped records, for runChunk, that the call stopped before a task
// started, and reports false.
func (r *indexRun[T, R]) stopped(guard *taskGuard) bool {
	guard.index = noTask
	r.o.skip()
	return false
}

// runObserved is runChunk for a call with an Observer.
func (r *indexRun[T, R]) runObserved(guard *taskGuard, lo, hi int) bool {
	for i := lo; i < hi; i++ {
		if !r.o.mayStart() {
			return r.stopped(guard)
		}
		guard.index = i
		err := r.observe(guard, i)
		guard.index = noTask
		if err != nil {
			r.o.fail(i, err)
		}
	}
	return true
}

// observe runs the task of index i, telling the Observer.
func (r *indexRun[T, R]) observe(guard *taskGuard, i int) (err error) {
	r.ran.Add(1)
	guard.startedAt = r.o.started(0)
	if r.each != nil {
		err = r.each(r.o.ctx, r.in[i])
	} else {
		r.out[i], err = r.fn(r.o.ctx, r.in[i])
	}
	r.o.ended(guard.startedAt, err)
	return err
}
