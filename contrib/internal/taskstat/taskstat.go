// Package taskstat holds what leash's exporters of Observer events agree
// on, so that the Prometheus and OpenTelemetry views of one pool tell the
// same story: how a task's end is classified, the histogram buckets for
// task and wait times, and the bookkeeping of each call's limit.
package taskstat

import (
	"context"
	"errors"
	"slices"

	"github.com/leash-go/leash"
)

// The outcomes of a task, as indexes into OutcomeNames.
const (
	Succeeded = iota // returned nil
	Failed           // returned an error
	Canceled         // returned context.Canceled, or an error wrapping it
	Panicked         // panicked
	Outcomes         // the number of outcomes
)

// OutcomeNames are the outcomes as metrics label them.
var OutcomeNames = [Outcomes]string{"succeeded", "failed", "canceled", "panicked"}

// Outcome says how the task of a TaskEnded or TaskPanicked event ended.
func Outcome(e *leash.Event) int {
	switch {
	case e.Kind == leash.TaskPanicked:
		return Panicked
	case e.Err == nil:
		return Succeeded
	case errors.Is(e.Err, context.Canceled):
		return Canceled
	}
	return Failed
}

// buckets span what tasks take and wait, in seconds: from a tenth of a
// millisecond (a computation, or a free slot taken at once) to a minute (a
// slow call to another service, or a long queue), about three a decade.
var buckets = []float64{
	0.0001, 0.00025, 0.0005,
	0.001, 0.0025, 0.005,
	0.01, 0.025, 0.05,
	0.1, 0.25, 0.5,
	1, 2.5, 5,
	10, 30, 60,
}

// Buckets returns the histogram bucket boundaries, in seconds, a copy of
// its own for each caller.
func Buckets() []float64 { return slices.Clone(buckets) }

// A Call remembers the limit one call added to its pool's, to take it away
// when the call ends: CallEnded does not say it, and calls of one pool may
// have different limits.
type Call struct {
	limit int // what CallStarted said
}

// LimitChange returns how e changes the pool's limit (the sum of the limits
// of its calls under way) and its count of calls under way without a limit,
// when e is CallStarted or CallEnded; ok is false for any other event.
func (c *Call) LimitChange(e *leash.Event) (limit, unlimited int, ok bool) {
	sign := 1
	switch e.Kind {
	case leash.CallStarted:
		c.limit = e.Limit
	case leash.CallEnded:
		sign = -1
	default:
		return 0, 0, false
	}
	if c.limit == 0 {
		return 0, sign, true
	}
	return sign * c.limit, 0, true
}
