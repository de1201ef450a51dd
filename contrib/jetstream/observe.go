package jetstream

import (
	"time"

	"github.com/leash-go/leash"
)

// observing reports the life of the messages' tasks to the Observer, in the
// events of package leash. Call its methods only when obs is not nil, so that
// a Consume without an Observer does no observing work.
type observing struct {
	obs   leash.Observer
	pool  string
	limit int // the slots of the call, for the call events
}

// newObserving names the pool after the consumer unless Name was given, and
// lets a leash.PoolObserver prepare the pool's Observer once, as leash does.
func newObserving(c config, consumer string) observing {
	o := observing{obs: c.observer, pool: c.name, limit: c.limit}
	if !c.named {
		o.pool = consumer
	}
	if po, ok := o.obs.(leash.PoolObserver); ok {
		o.obs = po.ForPool(o.pool)
	}
	return o
}

// callStarted and callEnded bracket a Consume, with its Limit, so that an
// observer knows how full the pool is.
func (o observing) callStarted() {
	o.obs.Observe(leash.Event{Kind: leash.CallStarted, Pool: o.pool, Limit: o.limit})
}

func (o observing) callEnded() {
	o.obs.Observe(leash.Event{Kind: leash.CallEnded, Pool: o.pool, Limit: o.limit})
}

func (o observing) queued() {
	o.obs.Observe(leash.Event{Kind: leash.TaskQueued, Pool: o.pool, Tasks: 1})
}

func (o observing) skipped() {
	o.obs.Observe(leash.Event{Kind: leash.TaskSkipped, Pool: o.pool, Tasks: 1})
}

// started reports a task starting now on a message the stream stored at
// stored, and returns now. The wait is the message's time in the queue, by
// the server's clock; a clock behind the server's makes it 0, not negative.
func (o observing) started(stored time.Time) time.Time {
	now := time.Now()
	o.obs.Observe(leash.Event{Kind: leash.TaskStarted, Pool: o.pool, Tasks: 1, Wait: max(now.Sub(stored), 0)})
	return now
}

func (o observing) ended(startedAt time.Time, err error) {
	o.obs.Observe(leash.Event{Kind: leash.TaskEnded, Pool: o.pool, Tasks: 1, Run: time.Since(startedAt), Err: err})
}

func (o observing) panicked(startedAt time.Time, v any) {
	o.obs.Observe(leash.Event{Kind: leash.TaskPanicked, Pool: o.pool, Tasks: 1, Run: time.Since(startedAt), Value: v})
}
