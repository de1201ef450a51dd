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

// An outcome is what the tasks of one call come to — the first error (or
// every error), a panic, the end of the caller's context — and the rule for
// when no further task may start. Group, the slice functions and the
// sequence functions each hold one, so that they keep the same rules; each
// runs its tasks under a taskGuard, so that a task that does not return is
// handled the same way too.
type outcome struct {
	observing
	parent  context.Context         // the caller's context
	ctx     context.Context         // the tasks' context, derived from parent, with the call's profiler labels if any
	live    context.Context         // ctx without the labels, which mayStart reads
	cancel  context.CancelCauseFunc // cancels ctx with a cause
	collect bool                    // CollectErrors: run everything, join every error

	// stopped is set once no further task may start and the call knows
	// why: by stop (a failure, a panic, the call's end) before it cancels
	// ctx, and by skip when the caller's context ended and a task was left
	// unstarted.
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
	o := &outcome{observing: newObserving(c), parent: parent, live: ctx, cancel: cancel, collect: c.collect}
	o.ctx = o.labelled(ctx)
	return o
}

// mayStart reports whether a task may start now, that is whether the
// tasks' context is still live; it records nothing (a worker told no calls
// skip). Every worker asks before every task, so it is one call of the Err
// method of leash's own context, an atomic load. It reads the context
// itself, rather than a flag that a context.AfterFunc would set when the
// caller's context ends: that function runs in a goroutine of its own, after
// the cancel has returned, and a task could start in between — one started
// by the task that cancelled, say.
func (o *outcome) mayStart() bool { return o.live.Err() == nil }

// skip records that a task was left unstarted because mayStart said no. If
// the call had not stopped by itself, the caller's context has ended, and
// the call then reports its cause (see interrupted).
func (o *outcome) skip() {
	if !o.stopped.Load() { // stop sets it before it cancels
		o.interrupted()
	}
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

// interrupted records that a task was not started because the caller's
// context had ended: the call then reports that context's cause, unless a
// task's error was recorded first.
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

// abnormal records task index, started at startedAt, that did not return:
// a panic with value v, or runtime.Goexit when v is nil. Either stops every
// other task, even with CollectErrors, as the program is in a state no task
// planned for. taskGuard.end calls it.
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

// A taskGuard stands by a goroutine that runs tasks, one at a time, for a
// task that does not return: one that panics, or ends its goroutine with
// runtime.Goexit (a t.FailNow in a task). The goroutine defers end once, and
// sets index to the task it runs, and back to noTask between tasks.
type taskGuard struct {
	o         *outcome
	index     int   // the task running, or noTask
	startedAt clock // when it started, for an Observer
}

// noTask is a taskGuard's index while no task runs.
const noTask = -1

// end, deferred, records the task that was running when the goroutine
// unwound: a panic, whose value recover returns (end is the deferred call
// itself, so recover works here), or runtime.Goexit, for which it returns
// nil.
func (g *taskGuard) end() {
	if g.index != noTask {
		g.o.abnormal(g.index, recover(), g.startedAt)
	}
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
