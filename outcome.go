package leash

import (
	"cmp"
	"context"
	"errors"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
)

// errReturned is the cause of the tasks' context once the call that ran them
// has returned; a task or a goroutine that kept the context sees it end with
// this cause instead of a bare "context canceled".
var errReturned = errors.New("leash: the call that ran this task has returned")

// An outcome records how the tasks of one call went — the first error (or
// every error), a panic, whether the caller's context ended first — and
// decides when the remaining tasks must stop. Group, the slice functions and
// the sequence functions share it so that they keep the same rules.
type outcome struct {
	observing
	parent  context.Context         // the caller's context
	ctx     context.Context         // the tasks' context, derived from parent
	cancel  context.CancelCauseFunc // cancels ctx with a cause
	collect bool                    // CollectErrors: run everything, join every error

	// stopped is set once no further task may start: after the first error
	// (unless collect), a panic, or the caller's context ending. Workers
	// read it before every task, so it is an atomic rather than ctx.Err,
	// which takes a lock.
	stopped atomic.Bool

	mu           sync.Mutex
	err          error          // the first error, when !collect
	errs         []indexedError // every error, when collect
	interruption error          // with collect: the cause of the context that ended before every task started
	panic        *PanicError    // the first panic
}

type indexedError struct {
	index int // the task's position among the call's tasks
	err   error
}

func newOutcome(parent context.Context, c config) *outcome {
	mustHaveContext(parent)
	ctx, cancel := context.WithCancelCause(parent)
	o := &outcome{observing: newObserving(c), parent: parent, cancel: cancel, collect: c.collect}
	o.ctx = o.labelled(ctx)
	return o
}

// fail records the error of task index. Without CollectErrors the first
// error stops everything; if the caller's context had already ended when it
// came, the context's cause is what the call reports, because the ending came
// first and the task's error most likely followed from it.
func (o *outcome) fail(index int, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.record(index, err)
	if !o.collect {
		o.stop(o.err)
	}
}

// record keeps err as the call's error: one more error with CollectErrors,
// else the first one. Call it with mu held.
func (o *outcome) record(index int, err error) {
	switch {
	case o.collect:
		o.errs = append(o.errs, indexedError{index, err})
	case o.err != nil:
	case o.parent.Err() != nil:
		o.err = context.Cause(o.parent)
	default:
		o.err = err
	}
}

// stop keeps every further task from starting and cancels the tasks'
// context with cause.
func (o *outcome) stop(cause error) {
	o.stopped.Store(true)
	o.cancel(cause)
}

// interrupted records that a task was not started because the tasks'
// context had ended: the call then reports the context's cause, unless a
// task's error (which is what ended it) was recorded first.
func (o *outcome) interrupted() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.stopped.Store(true)
	// The caller's context first: when it ends, the tasks' context is
	// cancelled only a moment later, and has no cause until then.
	cause := context.Cause(o.parent)
	if cause == nil {
		cause = context.Cause(o.ctx)
	}
	if o.collect {
		if o.interruption == nil {
			o.interruption = cause
		}
		return
	}
	if o.err == nil {
		o.err = cause
	}
}

// shouldStop reports whether no further task may start: the tasks' context
// has ended, after a failure, a panic, or the end of the caller's context,
// which it then records as an interruption. Workers call it before every
// task, so while the context lives it costs one atomic load (the Err of a
// context.WithCancelCause context); a select on Done would cost a call into
// the runtime, as much as a trivial task.
func (o *outcome) shouldStop() bool {
	if o.ctx.Err() == nil {
		return false
	}
	if !o.stopped.Load() { // fail, abnormal and stop set it before they cancel
		o.interrupted()
	}
	return true
}

// abnormal records task index, started at startedAt, that neither returned
// nor left normally: a panic with value v, or runtime.Goexit when v is nil.
// Either stops every other task, even with CollectErrors, as the program is
// in a state no task planned for. Call it from the deferred function of the
// task's goroutine, as recover must be called there.
func (o *outcome) abnormal(index int, v any, startedAt clock) {
	var p *PanicError
	if v != nil {
		p = newPanicError(v)
	}
	if o.obs != nil {
		if p == nil {
			o.ended(startedAt, errGoexit)
		} else {
			o.panicked(startedAt, v)
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if p == nil {
		o.record(index, errGoexit)
		o.stop(errGoexit)
		return
	}
	if o.panic == nil {
		o.panic = p
	}
	o.stop(p)
}

// finish returns what the call reports, and re-raises the first panic in the
// caller's goroutine. Call it when no task is running any more; the caller
// cancels the tasks' context itself, with a defer, so that it is cancelled
// even when the call ends by a panic or runtime.Goexit.
func (o *outcome) finish() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.panic != nil {
		panic(o.panic)
	}
	if !o.collect {
		return o.err
	}
	slices.SortStableFunc(o.errs, func(a, b indexedError) int { return cmp.Compare(a.index, b.index) })
	errs := make([]error, 0, len(o.errs)+1)
	for _, e := range o.errs {
		errs = append(errs, e.err)
	}
	if o.interruption != nil {
		errs = append(errs, o.interruption)
	}
	if len(errs) == 1 {
		return errs[0] // as it is, rather than wrapped in a join of one
	}
	return errors.Join(errs...)
}

// labelGoroutine gives the goroutine that calls it, one leash started to
// run tasks, the call's profiler labels (see PprofLabels).
func (o *outcome) labelGoroutine() {
	if o.labels {
		pprof.SetGoroutineLabels(o.ctx)
	}
}

// mustHaveContext panics with advice if ctx is nil, which would otherwise
// surface later as a nil dereference in a goroutine.
func mustHaveContext(ctx context.Context) {
	if ctx == nil {
		panic("leash: nil Context: pass the caller's context, or context.Background() at the top of a program")
	}
}
