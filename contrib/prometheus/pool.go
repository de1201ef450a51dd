package prometheus

import (
	"github.com/leash-go/leash"
	"github.com/leash-go/leash/contrib/internal/taskstat"
	"github.com/prometheus/client_golang/prometheus"
)

// A pool is the series of one pool name, resolved once for all its calls.
type pool struct {
	inFlight, waiting prometheus.Gauge
	limit, unlimited  prometheus.Gauge
	started, skipped  prometheus.Counter
	finished          [taskstat.Outcomes]prometheus.Counter // by taskstat outcome
	duration, wait    prometheus.Observer
}

// observe counts a task event; it ignores the others.
func (p *pool) observe(e *leash.Event) {
	n := float64(e.Tasks)
	switch e.Kind {
	case leash.TaskQueued:
		p.waiting.Add(n)
	case leash.TaskStarted:
		p.waiting.Sub(n)
		p.inFlight.Add(n)
		p.started.Add(n)
		p.wait.Observe(e.Wait.Seconds())
	case leash.TaskEnded, leash.TaskPanicked:
		p.inFlight.Sub(n)
		p.finished[taskstat.Outcome(e)].Add(n)
		p.duration.Observe(e.Run.Seconds())
	case leash.TaskSkipped:
		p.waiting.Sub(n)
		p.skipped.Add(n)
	}
}

// A call is the observer ForPool returns for one call: it keeps the limit
// the call added to its pool's.
type call struct {
	*pool
	taskstat.Call
}

// Observe counts e, an event of the call.
func (c *call) Observe(e leash.Event) {
	if limit, unlimited, ok := c.LimitChange(&e); ok {
		c.limit.Add(float64(limit))
		c.unlimited.Add(float64(unlimited))
		return
	}
	c.observe(&e)
}
