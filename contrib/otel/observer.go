package otel

import (
	"context"
	"errors"
	"sync"

	"github.com/leash-go/leash"
	"github.com/leash-go/leash/contrib/internal/taskstat"
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
//	leash.task.count            ObservableUpDownCounter {task}  tasks waiting for a slot or running, by leash.task.state
//	leash.task.wait_time        Histogram s                     how long tasks waited for a slot
//	leash.task.duration         Histogram s                     how long tasks ran, by leash.task.outcome
//	leash.task.skipped          Counter {task}                  tasks given to a call that never started
//	leash.pool.limit            ObservableUpDownCounter {task}  how many tasks may run at once: the sum of the limits of the calls under way
//	leash.pool.unlimited_calls  ObservableUpDownCounter {call}  calls under way without a limit
//
// As in OpenTelemetry's semantic conventions for HTTP and RPC, where the
// request duration histogram also counts the requests, the histograms'
// counts are the counts of tasks: leash.task.wait_time counts the tasks
// that started, and leash.task.duration those that ended, by outcome. No
// separate counter repeats them, since each instrument costs every task a
// measurement. For the same reason the Observer keeps the number of tasks
// waiting and running, and the pool's limit, in atomic counters per pool,
// which a callback reports when the metrics are collected, rather than
// recording every change.
//
// The outcome is "succeeded" (the task returned nil), "failed" (it returned
// an error, or called runtime.Goexit), "canceled" (it returned an error that
// is context.Canceled: the call was stopping, after another task's error, a
// break, or the caller's cancellation, and the task gave up) or "panicked".
// A task that gives up at its context's deadline counts as failed: a timeout
// is a failure worth seeing.
//
// The limit is what saturation is measured against: the running tasks of
// leash.task.count divided by leash.pool.limit say how full a pool is. Calls
// of the same name may overlap, so the limit of a pool is the sum of the
// limits of its calls under way (leash.Limit, or GOMAXPROCS for Map,
// ForEach, MapSeq and ForEachSeq without one), and 0 when none is. A Group
// without leash.Limit has no limit to add: it adds nothing to
// leash.pool.limit and counts in leash.pool.unlimited_calls instead, so that
// a dashboard can tell a pool that cannot fill up from one that is idle.
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
	wait      metric.Float64Histogram
	duration  metric.Float64Histogram
	skipped   metric.Int64Counter
	count     metric.Int64ObservableUpDownCounter
	limit     metric.Int64ObservableUpDownCounter
	unlimited metric.Int64ObservableUpDownCounter

	pools sync.Map // pool name → *pool, resolved once for all its calls
}

// NewObserver returns an Observer recording with a meter of the global
// MeterProvider, or of the one WithMeterProvider gives. It returns an error
// if the meter cannot make the instruments.
func NewObserver(opts ...Option) (*Observer, error) {
	c := newConfig(opts)
	m := c.provider.Meter(ScopeName)
	o := &Observer{}
	var errs [6]error
	o.count, errs[0] = m.Int64ObservableUpDownCounter("leash.task.count", metric.WithUnit("{task}"),
		metric.WithDescription("Tasks given to a call that have not ended, by state: waiting for a free slot, or running."))
	o.wait, errs[1] = m.Float64Histogram("leash.task.wait_time", metric.WithUnit("s"),
		metric.WithDescription("How long tasks waited for a free slot, from being given to the call to starting; its count is the tasks that started."),
		metric.WithExplicitBucketBoundaries(taskstat.Buckets()...))
	o.duration, errs[2] = m.Float64Histogram("leash.task.duration", metric.WithUnit("s"),
		metric.WithDescription("How long tasks ran, from start to return or panic, by outcome: succeeded, failed, canceled (returned context.Canceled) or panicked."),
		metric.WithExplicitBucketBoundaries(taskstat.Buckets()...))
	o.skipped, errs[3] = m.Int64Counter("leash.task.skipped", metric.WithUnit("{task}"),
		metric.WithDescription("Tasks given to a call that never started, because the call stopped first."))
	o.limit, errs[4] = m.Int64ObservableUpDownCounter("leash.pool.limit", metric.WithUnit("{task}"),
		metric.WithDescription("How many of the pool's tasks may run at once: the sum of the limits of its calls under way. A call without a limit adds nothing (see leash.pool.unlimited_calls)."))
	o.unlimited, errs[5] = m.Int64ObservableUpDownCounter("leash.pool.unlimited_calls", metric.WithUnit("{call}"),
		metric.WithDescription("Calls of the pool under way that have no limit (a Group without leash.Limit): while there are any, the pool cannot fill up."))
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	if _, err := m.RegisterCallback(o.observeCounts, o.count, o.limit, o.unlimited); err != nil {
		return nil, err
	}
	return o, nil
}

// ForPool returns the observer of one call of the pool called name. leash
// calls it when the call begins and reports the call's events to what it
// returns, so that the pool's attributes are found once a call, not on every
// event. ForPool itself allocates the call's observer, which keeps the call's
// limit until the call ends.
func (o *Observer) ForPool(name string) leash.Observer {
	return &call{pool: o.pool(name), o: o}
}

// pool returns the counts and attributes of the pool called name, resolving
// them on the pool's first call.
func (o *Observer) pool(name string) *pool {
	if p, ok := o.pools.Load(name); ok {
		return p.(*pool)
	}
	p, loaded := o.pools.LoadOrStore(name, resolve(name))
	if !loaded {
		// The skipped count starts at 0, so that it exists from the
		// pool's first call, as the counts the callback reports do: a
		// rate over a count that has not moved is 0, not missing. (A
		// histogram cannot be started without recording a value.)
		o.skipped.Add(context.Background(), 0, p.(*pool).add...)
	}
	return p.(*pool)
}

// observeCounts reports, when the metrics are collected, how many tasks of
// each pool wait and run, and the pool's limit.
func (o *Observer) observeCounts(_ context.Context, obs metric.Observer) error {
	o.pools.Range(func(_, v any) bool {
		p := v.(*pool)
		obs.ObserveInt64(o.count, p.waiting.Load(), p.isWaiting...)
		obs.ObserveInt64(o.count, p.running.Load(), p.isRunning...)
		obs.ObserveInt64(o.limit, p.limit.Load(), p.observe...)
		obs.ObserveInt64(o.unlimited, p.unlimited.Load(), p.observe...)
		return true
	})
	return nil
}

// Observe records the task event e of the pool e.Pool. leash does not call
// it: given the Observer, it calls ForPool once a call and reports the call's
// events to what that returns. Observe serves events given by hand, and
// Observers that wrap this one without passing ForPool on; it looks the pool
// up on every event. It ignores CallStarted and CallEnded, whose limits only
// the observer of a call can pair (CallEnded does not say the limit of the
// call that ends), rather than leave behind the limit of a call that has
// ended.
func (o *Observer) Observe(e leash.Event) {
	o.pool(e.Pool).measure(o, &e)
}
