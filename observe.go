package leash

import (
	"context"
	"fmt"
	"runtime/pprof"
	"time"

	"github.com/leash-go/leash/internal/testlabels"
)

// An Observer is told what the tasks of a call do: when they are queued,
// start, end and panic. It lets a program see inside its fan-out — how many
// tasks wait for a slot and for how long, how many run, how long they take,
// how many fail — and feed metrics (see the contrib modules for Prometheus
// and OpenTelemetry).
//
// Observe is called from the goroutines that run the tasks, concurrently, and
// on the path of every task: it must be safe for concurrent use and quick.
//
// For every call, the events add up: the tasks queued are the tasks started
// plus the tasks skipped, and the tasks started are the tasks that ended plus
// those that panicked. A call's first event is CallStarted and its last
// CallEnded (a Group's comes when Wait returns). Kinds may be added: an
// Observer should ignore those it does not know.
type Observer interface {
	Observe(Event)
}

// A PoolObserver is an Observer that prepares, once per call, the Observer
// for the call's pool (its Name) — resolving a metric's labels, say — so that
// the work is not done again on every event. leash calls ForPool when the
// call begins and reports the call's events to what it returns (nothing, if
// it returns nil).
type PoolObserver interface {
	Observer
	ForPool(name string) Observer
}

// An Event is one step in the life of a task, or of several tasks at once.
type Event struct {
	Kind  EventKind
	Pool  string        // the call's Name, "" if it has none
	Limit int           // CallStarted and CallEnded: how many of the call's tasks may run at once; 0 for a Group without Limit
	Tasks int           // how many tasks the event is about: several for TaskQueued and TaskSkipped, 0 for call events, else 1
	Wait  time.Duration // TaskStarted: how long the task waited since it was queued (where it was queued: for a message, since its stream stored it)
	Run   time.Duration // TaskEnded and TaskPanicked: how long the task ran
	Err   error         // TaskEnded: what the task returned
	Value any           // TaskPanicked: what the task panicked with
}

// An EventKind says what happened to a task.
type EventKind uint8

const (
	// TaskQueued: tasks were given to the call — by Group.Go, by MapSeq
	// and ForEachSeq as they pull an item, or all the items at once by
	// Map and ForEach.
	TaskQueued EventKind = iota + 1
	// TaskStarted: a task got a slot and started.
	TaskStarted
	// TaskEnded: a task returned (Err is what it returned) or called
	// runtime.Goexit.
	TaskEnded
	// TaskPanicked: a task panicked.
	TaskPanicked
	// TaskSkipped: tasks that were queued never started, because the
	// call stopped first (an error, a panic, the context's end, a break),
	// or because TryGo found no free slot.
	TaskSkipped
	// CallStarted: a call began (NewGroup, Map, …, or a range over
	// MapSeq), with Limit slots. With the limits of the calls under way,
	// an observer knows how full a pool is.
	CallStarted
	// CallEnded: the call returned (Wait, Map, …), or the range over
	// MapSeq ended, normally or not.
	CallEnded
)

// String returns the kind's name as events print it: "queued", "started",
// "ended", "panicked", "skipped", "call started", "call ended".
func (k EventKind) String() string {
	switch k {
	case TaskQueued:
		return "queued"
	case TaskStarted:
		return "started"
	case TaskEnded:
		return "ended"
	case TaskPanicked:
		return "panicked"
	case TaskSkipped:
		return "skipped"
	case CallStarted:
		return "call started"
	case CallEnded:
		return "call ended"
	}
	return fmt.Sprintf("EventKind(%d)", uint8(k))
}

type observeOption struct{ o Observer }

func (o observeOption) apply(c *config) { c.observer = o.o }

// Observe makes the call report the life of its tasks to o. Without it, a
// call does no observing work at all.
func Observe(o Observer) Option {
	if o == nil {
		panic("leash: Observe(nil): pass an Observer, or leave the option out")
	}
	return observeOption{o}
}

type nameOption string

func (o nameOption) apply(c *config) { c.name = string(o) }

// Name names the call's pool of tasks, for its Observer (Event.Pool) and its
// profile labels (see PprofLabels), so that several fan-outs of a program can
// be told apart.
func Name(name string) Option { return nameOption(name) }

type pprofLabelsOption struct{}

func (pprofLabelsOption) apply(c *config) { c.pprofLabels = true }

// PprofLabels runs the call's tasks under the profiler label leash.pool=Name,
// so that CPU and goroutine profiles show which fan-out the time and the
// goroutines belong to. The tasks' context carries the label too.
//
// The label is added to those of the context given to the call, in the
// goroutines leash starts for the tasks (the caller's goroutine then runs
// none of them). Labels that the calling goroutine carries but its context
// does not, set with pprof.SetGoroutineLabels, are not passed on to those
// goroutines — with one exception: in a test binary that uses leashtest, the
// label leashtest gives a test's goroutines is kept, on the goroutines and in
// the tasks' context, so that a goroutine a task leaks is still charged to
// the test that ran it.
func PprofLabels() Option { return pprofLabelsOption{} }

// labelKey is the profiler label PprofLabels sets.
const labelKey = "leash.pool"

// observing is the part of an outcome that reports to the Observer.
type observing struct {
	obs    Observer // nil: nothing to report
	pool   string
	limit  int  // the slots of the call, for the call events
	labels bool // the tasks' goroutines carry the call's profiler labels

	// origin is when the call began. The times of its tasks are kept as
	// offsets from it (see clock), a word each instead of a time.Time's
	// three, as tasks carry them around.
	origin time.Time
}

// A clock reading is a time of a call's life, as the monotonic time since
// the call began.
type clock = time.Duration

// now reads the call's clock.
func (o observing) now() clock { return time.Since(o.origin) }

func newObserving(c config) observing {
	obs := c.observer
	if po, ok := obs.(PoolObserver); ok {
		obs = po.ForPool(c.name)
	}
	return observing{obs: obs, pool: c.name, labels: c.pprofLabels}
}

// labelled returns ctx with the call's profiler label, when it has one.
// Call it in the caller's goroutine: under leashtest, the label it gives
// the test's goroutines is kept as well (see PprofLabels).
func (o observing) labelled(ctx context.Context) context.Context {
	if !o.labels {
		return ctx
	}
	return pprof.WithLabels(testlabels.Keep(ctx), pprof.Labels(labelKey, o.pool))
}

// These report one kind of event each; call them only when obs is not nil.

// callStarted reports the call beginning with limit slots, which its
// CallEnded repeats.
func (o *observing) callStarted(limit int) {
	o.limit = limit
	o.origin = time.Now()
	o.obs.Observe(Event{Kind: CallStarted, Pool: o.pool, Limit: limit})
}

func (o observing) callEnded() {
	o.obs.Observe(Event{Kind: CallEnded, Pool: o.pool, Limit: o.limit})
}

func (o observing) queued(n int) {
	if n > 0 {
		o.obs.Observe(Event{Kind: TaskQueued, Pool: o.pool, Tasks: n})
	}
}

func (o observing) skipped(n int) {
	if n > 0 {
		o.obs.Observe(Event{Kind: TaskSkipped, Pool: o.pool, Tasks: n})
	}
}

// started reports a task queued at queuedAt starting now, and returns now.
func (o observing) started(queuedAt clock) clock {
	now := o.now()
	o.obs.Observe(Event{Kind: TaskStarted, Pool: o.pool, Tasks: 1, Wait: now - queuedAt})
	return now
}

func (o observing) ended(startedAt clock, err error) {
	o.obs.Observe(Event{Kind: TaskEnded, Pool: o.pool, Tasks: 1, Run: o.now() - startedAt, Err: err})
}

func (o observing) panicked(startedAt clock, v any) {
	o.obs.Observe(Event{Kind: TaskPanicked, Pool: o.pool, Tasks: 1, Run: o.now() - startedAt, Value: v})
}
