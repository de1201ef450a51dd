package leash

import (
	"context"
	"sync"
	"sync/atomic"
)

// A Group runs tasks in their own goroutines, hands each the group's context
// and waits for them all. It is errgroup.WithContext with the rest of the
// playbook built in: the context is passed to every task rather than left to
// be captured (or forgotten), the first error cancels it, a panic is carried
// to Wait instead of crashing the program, and with Limit the group holds
// back the loop that feeds it.
//
// Without Limit a Group runs every task at once, as errgroup does: that is
// the right shape for a few different calls made side by side, such as the
// three service calls behind a dashboard. Give it a Limit when it runs a task
// per item of some input. With Limit(n) the group keeps at most n goroutines
// and reuses them from task to task.
//
// A Group must be created with NewGroup, and must not be used after Wait has
// returned.
type Group struct {
	o     *outcome
	done  <-chan struct{} // the group's context's Done channel
	limit int             // 0 means none

	// tasks carries each task to an idle worker when the group has a
	// limit; Wait closes it to let the workers go.
	tasks   chan groupTask
	workers atomic.Int64   // worker goroutines started and not yet ended
	pool    sync.WaitGroup // the worker goroutines, for Wait

	running sync.WaitGroup // tasks given to the group and not yet ended
	given   atomic.Int64   // tasks given so far, to order joined errors
	waited  atomic.Bool
	once    sync.Once
}

type groupTask struct {
	fn       func(context.Context) error
	index    int
	queuedAt clock // for an Observer
}

// NewGroup returns a Group whose tasks get a context derived from ctx. The
// context is cancelled by the first task that returns an error (unless
// CollectErrors is given), by a task's panic, when ctx ends, and when Wait
// returns.
func NewGroup(ctx context.Context, opts ...Option) *Group {
	c := newConfig(opts)
	g := &Group{o: newOutcome(ctx, c), limit: c.limit}
	g.done = g.o.ctx.Done()
	if g.o.obs != nil {
		g.o.callStarted(c.limit)
	}
	if c.limit > 0 {
		g.tasks = make(chan groupTask)
	}
	return g
}

// Go runs task in a goroutine with the group's context.
//
// If the group's context has ended — a task failed, or the caller's context
// ended — Go does not start task; Wait then reports the first error, or the
// context's cause. With Limit(n), Go blocks while n tasks are running, and
// gives up (without starting task) when the group's context ends.
//
// Go may be called from inside a task. It panics if task is nil or if Wait
// has returned.
func (g *Group) Go(task func(ctx context.Context) error) {
	t := g.newTask("Go", task)
	if g.o.shouldStop() {
		g.skipped()
		return
	}
	g.running.Add(1)
	if g.start(t) {
		return
	}
	select {
	case g.tasks <- t:
	case <-g.done:
		g.running.Done()
		g.o.shouldStop() // records why
		g.skipped()
	}
}

// TryGo runs task in a goroutine with the group's context if it can start
// now: the group's context has not ended and, with Limit, fewer than its
// limit of tasks are running. It reports whether it started task, and never
// blocks. It panics if task is nil or if Wait has returned.
func (g *Group) TryGo(task func(ctx context.Context) error) bool {
	t := g.newTask("TryGo", task)
	if !g.o.shouldStop() {
		g.running.Add(1)
		if g.start(t) {
			return true
		}
		g.running.Done()
	}
	g.skipped()
	return false
}

// Wait blocks until every task given to the group has ended, cancels the
// group's context, and returns the first error a task returned — or, with
// CollectErrors, errors.Join of every error in the order the tasks were
// given. If no task failed but a task was not started because the group's
// context had ended, Wait returns the context's cause. If a task panicked,
// Wait panics with a *PanicError after every task has ended.
//
// When Wait returns, no goroutine started by the group is running.
func (g *Group) Wait() error {
	if g.o == nil {
		panic("leash: Group.Wait on a Group not made by NewGroup; create groups with leash.NewGroup(ctx)")
	}
	g.once.Do(func() {
		defer g.o.cancel(errReturned)
		if g.o.obs != nil {
			defer g.o.callEnded()
		}
		g.running.Wait()
		g.waited.Store(true)
		if g.tasks != nil {
			close(g.tasks)
			g.pool.Wait()
		}
	})
	return g.o.finish()
}

// newTask checks a task handed to method and numbers it. It is on the path
// of every task: the rare work is in misuse and account.
func (g *Group) newTask(method string, fn func(context.Context) error) groupTask {
	if g.o == nil || fn == nil || g.waited.Load() {
		g.misuse(method, fn)
	}
	t := groupTask{fn: fn}
	if g.o.collect || g.o.obs != nil {
		g.account(&t)
	}
	return t
}

// misuse panics with what to do instead of calling method.
func (g *Group) misuse(method string, fn func(context.Context) error) {
	switch {
	case g.o == nil:
		panic("leash: Group." + method + " on a Group not made by NewGroup; create groups with leash.NewGroup(ctx)")
	case fn == nil:
		panic("leash: Group." + method + " called with a nil task")
	default:
		panic("leash: Group." + method + " called after Wait returned; start a new Group for new work")
	}
}

// account numbers t, for the order of joined errors, and tells the
// observer it is queued.
func (g *Group) account(t *groupTask) {
	if g.o.collect {
		t.index = int(g.given.Add(1))
	}
	if g.o.obs != nil {
		t.queuedAt = g.o.now()
		g.o.queued(1)
	}
}

// skipped tells the observer, if any, of a task given and not started.
func (g *Group) skipped() {
	if g.o.obs != nil {
		g.o.skipped(1)
	}
}

// start starts t if it can without waiting: on a goroutine of its own
// without a limit, else on an idle worker or a new one while there are
// fewer workers than the limit.
func (g *Group) start(t groupTask) bool {
	if g.tasks == nil {
		go func() {
			g.o.labelGoroutine()
			g.run(t)
		}()
		return true
	}
	select {
	case g.tasks <- t:
		return true
	default:
	}
	// Most calls find every worker started: look before adding, so that
	// they do not write the counter that the few that start one need.
	if g.workers.Load() < int64(g.limit) {
		if g.workers.Add(1) <= int64(g.limit) {
			g.pool.Add(1)
			go g.work(t)
			return true
		}
		g.workers.Add(-1)
	}
	return false
}

// work runs t, then whatever tasks come, until Wait lets the workers go.
func (g *Group) work(t groupTask) {
	defer func() {
		g.workers.Add(-1)
		g.pool.Done()
	}()
	g.o.labelGoroutine()
	for ok := true; ok; t, ok = <-g.tasks {
		g.run(t)
	}
}

// run runs one task unless the group's context ended since it was given.
func (g *Group) run(t groupTask) {
	normal := false
	var startedAt clock
	defer func() {
		if !normal {
			g.o.abnormal(t.index, recover(), startedAt)
		}
		g.running.Done()
	}()
	if g.o.shouldStop() {
		g.skipped()
		normal = true
		return
	}
	var err error
	if g.o.obs == nil {
		err = t.fn(g.o.ctx)
	} else {
		startedAt = g.o.started(t.queuedAt)
		err = t.fn(g.o.ctx)
		g.o.ended(startedAt, err)
	}
	if err != nil {
		g.o.fail(t.index, err)
	}
	normal = true
}
