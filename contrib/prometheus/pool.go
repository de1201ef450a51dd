package prometheus

import (
	"context"
	"errors"

	"github.com/leash-go/leash"
	"github.com/prometheus/client_golang/prometheus"
)

// A pool is the series of one pool name, resolved once for all its calls.
type pool struct {
	inFlight, waiting prometheus.Gauge
	limit, unlimited  prometheus.Gauge
	started, skipped  prometheus.Counter
	finished          [outcomes]prometheus.Counter
	duration, wait    prometheus.Observer
}

// The values of the outcome label, by index into pool.finished.
const (
	succeeded = iota
	failed
	canceled
	panicked
	outcomes
)

var outcomeNames = [outcomes]string{"succeeded", "failed", "canceled", "panicked"}

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
		p.finished[outcome(e)].Add(n)
		p.duration.Observe(e.Run.Seconds())
	case leash.TaskSkipped:
		p.waiting.Sub(n)
		p.skipped.Add(n)
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
	limit int // what CallStarted said
}

// Observe counts e, an event of the call.
func (c *call) Observe(e leash.Event) {
	switch e.Kind {
	case leash.CallStarted:
		c.limit = e.Limit
		c.addLimit(c.limit, 1)
	case leash.CallEnded:
		c.addLimit(c.limit, -1)
	default:
		c.observe(&e)
	}
}

// addLimit adds sign times limit to the pool's limit, or, for a call
// without one (0), sign to its count of unlimited calls.
func (p *pool) addLimit(limit, sign int) {
	if limit == 0 {
		p.unlimited.Add(float64(sign))
		return
	}
	p.limit.Add(float64(sign * limit))
}
