package otel

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/leash-go/leash"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// ScopeName is the instrumentation scope of the Observer's meter: the
// package's import path, as OpenTelemetry asks of instrumentation libraries.
const ScopeName = "github.com/leash-go/leash/contrib/otel"

// The attributes of the Observer's measurements.
const (
	// PoolKey names the call's pool (its leash.Name, "" without one); the
	// profiler label that leash.PprofLabels sets has the same name.
	PoolKey = attribute.Key("leash.pool")
	// StateKey says whether the tasks that leash.task.count counts are
	// "waiting" for a slot or "running".
	StateKey = attribute.Key("leash.task.state")
	// OutcomeKey says how the tasks whose duration leash.task.duration
	// records ended: "succeeded", "failed", "canceled" or "panicked".
	OutcomeKey = attribute.Key("leash.task.outcome")
)

// An Observer is a leash.Observer that records what the tasks of the calls it
// observes do with OpenTelemetry instruments, each measurement carrying the
// attribute leash.pool (the call's leash.Name):
//
//	leash.task.count     ObservableUpDownCounter {task}  tasks waiting for a slot or running, by leash.task.state
//	leash.task.wait_time Histogram s                     how long tasks waited for a slot
//	leash.task.duration  Histogram s                     how long tasks ran, by leash.task.outcome
//	leash.task.skipped   Counter {task}                  tasks given to a call that never started
//
// As in OpenTelemetry's semantic conventions for HTTP and RPC, where the
// request duration histogram also counts the requests, the histograms'
// counts are the counts of tasks: leash.task.wait_time counts the tasks
// that started, and leash.task.duration those that ended, by outcome. No
// separate counter repeats them, since each instrument costs every task a
// measurement. For the same reason the Observer keeps the number of tasks
// waiting and running in two atomic counters per pool, which a callback
// reports when the metrics are collected, rather than recording every change.
//
// The outcome is "succeeded" (the task returned nil), "failed" (it returned
// an error, or called runtime.Goexit), "canceled" (it returned an error that
// is context.Canceled: the call was stopping, after another task's error, a
// break, or the caller's cancellation, and the task gave up) or "panicked".
// A task that gives up at its context's deadline counts as failed: a timeout
// is a failure worth seeing.
//
// The histograms advise bucket boundaries from 100µs to 60s, about three a
// decade; a View of the SDK can change them.
//
// One Observer serves a whole program: make it once and pass it to every
// call, named apart with leash.Name. Calls with the same name add up; calls
// without one record under leash.pool="". Each name keeps its attribute sets
// for the life of the Observer, so names must come from a small fixed set,
// not from request data. The callback stays registered with the meter for
// the life of its MeterProvider.
type Observer struct {
	wait     metric.Float64Histogram
	duration metric.Float64Histogram
	skipped  metric.Int64Counter

	pools pools
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

// A pool is the tasks of one pool name waiting and running now, and the
// pool's attributes made into the options that instruments take, once for
// all its measurements.
type pool struct {
	waiting, running atomic.Int64

	add       []metric.AddOption     // leash.pool
	record    []metric.RecordOption  // leash.pool
	isWaiting []metric.ObserveOption // leash.pool, leash.task.state="waiting"
	isRunning []metric.ObserveOption // leash.pool, leash.task.state="running"
	endedAs   [outcomes][]metric.RecordOption
}

// boundaries are the bucket boundaries the histograms advise, in seconds:
// from a tenth of a millisecond (a computation, or a free slot taken at once)
// to a minute (a slow call to another service, or a long queue).
var boundaries = []float64{
	0.0001, 0.00025, 0.0005,
	0.001, 0.0025, 0.005,
	0.01, 0.025, 0.05,
	0.1, 0.25, 0.5,
	1, 2.5, 5,
	10, 30, 60,
}

// NewObserver returns an Observer recording with a meter of the global
// MeterProvider, or of the one WithMeterProvider gives. It returns an error
// if the meter cannot make the instruments.
func NewObserver(opts ...Option) (*Observer, error) {
	c := newConfig(opts)
	m := c.provider.Meter(ScopeName)
	o := &Observer{}
	var errs [4]error
	_, errs[0] = m.Int64ObservableUpDownCounter("leash.task.count", metric.WithUnit("{task}"),
		metric.WithDescription("Tasks given to a call that have not ended, by state: waiting for a free slot, or running."),
		metric.WithInt64Callback(o.observeCounts))
	o.wait, errs[1] = m.Float64Histogram("leash.task.wait_time", metric.WithUnit("s"),
		metric.WithDescription("How long tasks waited for a free slot, from being given to the call to starting; its count is the tasks that started."),
		metric.WithExplicitBucketBoundaries(boundaries...))
	o.duration, errs[2] = m.Float64Histogram("leash.task.duration", metric.WithUnit("s"),
		metric.WithDescription("How long tasks ran, from start to return or panic, by outcome: succeeded, failed, canceled (returned context.Canceled) or panicked."),
		metric.WithExplicitBucketBoundaries(boundaries...))
	o.skipped, errs[3] = m.Int64Counter("leash.task.skipped", metric.WithUnit("{task}"),
		metric.WithDescription("Tasks given to a call that never started, because the call stopped first."))
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	o.pools.resolve = o.resolve
	return o, nil
}

// resolve returns the options of the pool called name, and starts its
// skipped count at 0, so that it exists from the pool's first event, as the
// waiting and running counts do: a rate over a count that has not moved is
// 0, not missing. (A histogram cannot be started without recording a value.)
func (o *Observer) resolve(name string) *pool {
	named := PoolKey.String(name)
	with := func(kv attribute.KeyValue) metric.MeasurementOption {
		return metric.WithAttributeSet(attribute.NewSet(named, kv))
	}
	attrs := metric.WithAttributeSet(attribute.NewSet(named))
	p := &pool{
		add:       []metric.AddOption{attrs},
		record:    []metric.RecordOption{attrs},
		isWaiting: []metric.ObserveOption{with(StateKey.String("waiting"))},
		isRunning: []metric.ObserveOption{with(StateKey.String("running"))},
	}
	for i, outcome := range outcomeNames {
		p.endedAs[i] = []metric.RecordOption{with(OutcomeKey.String(outcome))}
	}
	o.skipped.Add(context.Background(), 0, p.add...)
	return p
}

// observeCounts reports, when the metrics are collected, how many tasks of
// each pool wait and run.
func (o *Observer) observeCounts(_ context.Context, obs metric.Int64Observer) error {
	for _, p := range o.pools.all() {
		obs.Observe(p.waiting.Load(), p.isWaiting...)
		obs.Observe(p.running.Load(), p.isRunning...)
	}
	return nil
}

// Observe records e. leash calls it on every task; it allocates nothing once
// the pool has been seen (the SDK may allocate for an attribute set's first
// measurement).
func (o *Observer) Observe(e leash.Event) {
	p := o.pools.get(e.Pool)
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
func outcome(e leash.Event) int {
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
