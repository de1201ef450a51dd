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
// A Group runs every task given to Go, exactly once, even after a task has
// failed or the caller's context has ended: the task then gets a context that
// has already ended, returns early, and its deferred cleanup — closing a
// channel it owns, releasing what it holds — runs as it would with errgroup,
// so that the siblings waiting on that cleanup are not left blocked. A loop
// that feeds a group stops feeding by checking its context (or TryGo's
// result), or is better written with ForEach or ForEachSeq, which never start
// an item after the first error.
//
// A Group must be created with NewGroup, and must not be used after Wait has
// returned.
type Group struct {
	o     *outcome
	limit int // 0 means none

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
	if g.o.obs != nil {
		g.o.callStarted(c.limit)
	}
	if c.limit > 0 {
		g.tasks = make(chan groupTask)
	}
	return g
}

// Go runs task in a goroutine of the group, with the group's context.
//
// Every task given to Go runs, exactly once, as with errgroup: if the
// group's context has already ended — a task failed, or the caller's
// context ended — task still runs, with that ended context, so that what it
// must do on its way out (close a channel, release a resource) is done. With
// Limit(n), Go blocks while n tasks are running, until one ends; the running
// tasks see the ended context too, so the wait is short once it has ended.
//
// Go may be called from inside a task (with Limit(n), not from n tasks at
// once: they would wait for each other's slots). It panics if task is nil or
// if Wait has returned.
func (g *Group) Go(task func(ctx context.Context) error) {
	t := g.newTask("Go", task)
	g.running.Add(1)
	if !g.start(t) {
		g.tasks <- t // a worker takes it when its task ends
	}
}

// TryGo runs task in a goroutine of the group, with the group's context, if
// it can start now: the group's context has not ended and, with Limit, fewer
// than its limit of tasks are running. It reports whether it started task,
// and never blocks; a task it did not start is not run later. It panics if
// task is nil or if Wait has returned.
//
// Unlike Go, TryGo refuses work once the context has ended, so a loop of
// TryGo calls ends without starting tasks that would only see a cancelled
// context.
func (g *Group) TryGo(task func(ctx context.Context) error) bool {
	t := g.newTask("TryGo", task)
	if g.o.mayStart() {
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
// given. When the caller's context had already ended as that first error
// came, Wait returns the context's cause instead, as the error most likely
// followed from it. Like errgroup, Wait reports only what tasks returned: if
// every task returned nil, Wait returns nil, even when the caller's context
// ended meanwhile. If a task panicked, Wait panics with a *PanicError after
// every task has ended.
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

// run runs one task, with the group's context whether it has ended or not.
func (g *Group) run(t groupTask) {
	defer g.running.Done()
	guard := taskGuard{o: g.o, index: t.index}
	defer guard.end()
	var err error
	if g.o.obs == nil {
		err = t.fn(g.o.ctx)
	} else {
		guard.startedAt = g.o.started(t.queuedAt)
		err = t.fn(g.o.ctx)
		g.o.ended(guard.startedAt, err)
	}
	guard.index = noTask
	if err != nil {
		g.o.fail(t.index, err)
	}
}
