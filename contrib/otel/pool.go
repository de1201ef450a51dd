package otel

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/leash-go/leash"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// A pool is what one pool name has now — tasks waiting and running, the
// limits of its calls under way — and its attributes made into the options
// that instruments take, once for all its measurements.
type pool struct {
	waiting, running atomic.Int64
	limit, unlimited atomic.Int64

	add       []metric.AddOption     // leash.pool
	record    []metric.RecordOption  // leash.pool
	observe   []metric.ObserveOption // leash.pool
	isWaiting []metric.ObserveOption // leash.pool, leash.task.state="waiting"
	isRunning []metric.ObserveOption // leash.pool, leash.task.state="running"
	endedAs   [outcomes][]metric.RecordOption
}

// The values of the outcome attribute, by index into pool.endedAs.
const (
	succeeded = iota
	failed
	canceled
	panicked
	outcomes
)

var outcomeNames = [outcomes]string{"succeeded", "failed", "canceled", "panicked"}

// resolve returns the pool called name, with nothing counted yet.
func resolve(name string) *pool {
	named := PoolKey.String(name)
	with := func(kv attribute.KeyValue) metric.MeasurementOption {
		return metric.WithAttributeSet(attribute.NewSet(named, kv))
	}
	attrs := metric.WithAttributeSet(attribute.NewSet(named))
	p := &pool{
		add:       []metric.AddOption{attrs},
		record:    []metric.RecordOption{attrs},
		observe:   []metric.ObserveOption{attrs},
		isWaiting: []metric.ObserveOption{with(StateKey.String("waiting"))},
		isRunning: []metric.ObserveOption{with(StateKey.String("running"))},
	}
	for i, outcome := range outcomeNames {
		p.endedAs[i] = []metric.RecordOption{with(OutcomeKey.String(outcome))}
	}
	return p
}

// measure records a task event with o's instruments; it ignores the others.
func (p *pool) measure(o *Observer, e *leash.Event) {
	ctx := context.Background()
	n := int64(e.Tasks)
	switch e.Kind {
	case leash.TaskQueued:
		p.waiting.Add(n)
	case leash.TaskStarted:
		p.waiting.Add(-n)
		p.running.Add(n)
		o.wait.Record(ctx, e.Wait.Seconds(), p.record...)
	case leash.TaskEnded, leash.TaskPanicked:
		p.running.Add(-n)
		o.duration.Record(ctx, e.Run.Seconds(), p.endedAs[outcome(e)]...)
	case leash.TaskSkipped:
		p.waiting.Add(-n)
		o.skipped.Add(ctx, n, p.add...)
	}
}

// outcome says how the task of a TaskEnded or TaskPanicked event ended.
func outcome(e *leash.Event) int {
	switch {
	case e.Kind == leash.TaskPanicked:
		return panicked
	case e.Err == nil:
		return succeeded
	case errors.Is(e.Err, context.Canceled):
		return canceled
	}
	return failed
}

// A call is the observer ForPool returns for one call. It remembers the
// limit the call added to its pool's, to take it away when the call ends:
// CallEnded does not say it, and calls of one pool may have different
// limits.
type call struct {
	*pool
	o     *Observer
	limit int64 // what CallStarted said
}

// Observe records e, an event of the call.
func (c *call) Observe(e leash.Event) {
	switch e.Kind {
	case leash.CallStarted:
		c.limit = int64(e.Limit)
		c.addLimit(c.limit, 1)
	case leash.CallEnded:
		c.addLimit(c.limit, -1)
	default:
		c.measure(c.o, &e)
	}
}

// addLimit adds sign times limit to the pool's limit, or, for a call
// without one (0), sign to its count of unlimited calls.
func (p *pool) addLimit(limit, sign int64) {
	if limit == 0 {
		p.unlimited.Add(sign)
		return
	}
	p.limit.Add(sign * limit)
}
