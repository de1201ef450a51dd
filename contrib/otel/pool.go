package otel

import (
	"context"
	"sync/atomic"

	"github.com/leash-go/leash"
	"github.com/leash-go/leash/contrib/internal/taskstat"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// A pool is what one pool name has now — tasks waiting and running, the
// limits of its calls under way — and its attributes made into the options
// that instruments take, once for all its measurements.
type pool struct {
	waiting, running atomic.Int64
	limit, unlimited atomic.Int64

	add       []metric.AddOption                       // leash.pool
	record    []metric.RecordOption                    // leash.pool
	observe   []metric.ObserveOption                   // leash.pool
	isWaiting []metric.ObserveOption                   // leash.pool, leash.task.state="waiting"
	isRunning []metric.ObserveOption                   // leash.pool, leash.task.state="running"
	endedAs   [taskstat.Outcomes][]metric.RecordOption // by taskstat outcome
}

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
	for i, outcome := range taskstat.OutcomeNames {
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
		o.duration.Record(ctx, e.Run.Seconds(), p.endedAs[taskstat.Outcome(e)]...)
	case leash.TaskSkipped:
		p.waiting.Add(-n)
		o.skipped.Add(ctx, n, p.add...)
	}
}

// A call is the observer ForPool returns for one call: it keeps the limit
// the call added to its pool's.
type call struct {
	*pool
	taskstat.Call
	o *Observer
}

// Observe records e, an event of the call.
func (c *call) Observe(e leash.Event) {
	if limit, unlimited, ok := c.LimitChange(&e); ok {
		c.limit.Add(int64(limit))
		c.unlimited.Add(int64(unlimited))
		return
	}
	c.measure(c.o, &e)
}
