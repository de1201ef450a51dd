package prometheus

import (
	"sync"

	"github.com/leash-go/leash"
	"github.com/leash-go/leash/contrib/internal/taskstat"
	"github.com/prometheus/client_golang/prometheus"
)

// An Observer is a leash.Observer that counts what the tasks of the calls it
// observes do, and a prometheus.Collector that exports the counts, labelled
// by pool (the call's leash.Name):
//
//	leash_tasks_in_flight{pool}          gauge: tasks running now
//	leash_tasks_waiting{pool}            gauge: tasks queued, waiting for a slot
//	leash_pool_limit{pool}               gauge: how many tasks may run at once, the
//	                                     sum of the limits of the calls under way
//	leash_pool_unlimited_calls{pool}     gauge: calls under way without a limit
//	leash_tasks_started_total{pool}      counter: tasks that started
//	leash_tasks_finished_total{pool,outcome}
//	                                     counter: tasks that ended, by outcome
//	leash_tasks_skipped_total{pool}      counter: tasks queued but never started
//	leash_task_duration_seconds{pool}    histogram: how long tasks ran
//	leash_task_wait_seconds{pool}        histogram: how long tasks waited for a slot
//
// The outcome is "succeeded" (the task returned nil), "failed" (it returned
// an error, or called runtime.Goexit), "canceled" (it returned an error that
// is context.Canceled: the call was stopping, after another task's error, a
// break, or the caller's cancellation, and the task gave up) or "panicked".
// A task that gives up at its context's deadline counts as failed: a timeout
// is a failure worth seeing.
//
// The limit is what saturation is measured against: leash_tasks_in_flight
// divided by leash_pool_limit says how full a pool is. Calls of the same
// name may overlap, so the limit of a pool is the sum of the limits of its
// calls under way (leash.Limit, or GOMAXPROCS for Map, ForEach, MapSeq and
// ForEachSeq without one), and 0 when none is. A Group without leash.Limit
// has no limit to add: it adds nothing to leash_pool_limit and counts in
// leash_pool_unlimited_calls instead, so that a dashboard can tell a pool
// that cannot fill up from one that is idle.
//
// One Observer serves a whole program: register it once and pass it to every
// call, named apart with leash.Name. Calls with the same name add up; calls
// without one count under pool "". Each name keeps its series for the life
// of the Observer, so names must come from a small fixed set, not from
// request data.
type Observer struct {
	inFlight  *prometheus.GaugeVec
	waiting   *prometheus.GaugeVec
	limit     *prometheus.GaugeVec
	unlimited *prometheus.GaugeVec
	started   *prometheus.CounterVec
	finished  *prometheus.CounterVec
	skipped   *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	wait      *prometheus.HistogramVec

	pools sync.Map // pool name → *pool, resolved once for all its calls
}

// NewObserver returns an Observer that exports nothing until it is
// registered, with prometheus.Registerer.Register or MustRegister, and
// passed to calls with leash.Observe.
func NewObserver(opts ...Option) *Observer {
	c := newConfig(opts)
	name := func(n string) string { return prometheus.BuildFQName(c.namespace, c.subsystem, n) }
	pool := []string{"pool"}
	gauge := func(n, help string) *prometheus.GaugeVec {
		return prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name(n), Help: help}, pool)
	}
	counter := func(n, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name(n), Help: help}, append(pool, labels...))
	}
	histogram := func(n, help string, buckets []float64) *prometheus.HistogramVec {
		return prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name(n), Help: help, Buckets: buckets}, pool)
	}
	return &Observer{
		inFlight: gauge("leash_tasks_in_flight", "Tasks running now."),
		waiting: gauge("leash_tasks_waiting",
			"Tasks given to a call that have not started: waiting for a free slot under the call's limit."),
		limit: gauge("leash_pool_limit",
			"How many of the pool's tasks may run at once: the sum of the limits of its calls under way. A call without a limit adds nothing (see leash_pool_unlimited_calls)."),
		unlimited: gauge("leash_pool_unlimited_calls",
			"Calls of the pool under way that have no limit (a Group without leash.Limit): while there are any, the pool cannot fill up."),
		started: counter("leash_tasks_started_total", "Tasks that got a slot and started."),
		finished: counter("leash_tasks_finished_total",
			"Tasks that ended, by outcome: succeeded, failed, canceled (returned context.Canceled) or panicked.", "outcome"),
		skipped: counter("leash_tasks_skipped_total",
			"Tasks given to a call that never started, because the call stopped first."),
		duration: histogram("leash_task_duration_seconds",
			"How long tasks ran, from start to return or panic.", c.durationBuckets),
		wait: histogram("leash_task_wait_seconds",
			"How long tasks waited for a free slot, from being given to the call to starting.", c.waitBuckets),
	}
}

// ForPool returns the observer of one call of the pool called name. leash
// calls it when the call begins and reports the call's events to what it
// returns, so that the pool's series are found once a call, not on every
// event: the events of a task then cost a few atomic additions and allocate
// nothing. ForPool itself allocates the call's observer, which keeps the
// call's limit until the call ends.
func (o *Observer) ForPool(name string) leash.Observer {
	return &call{pool: o.pool(name)}
}

// pool returns the metrics of the pool called name, resolving them on the
// pool's first call.
func (o *Observer) pool(name string) *pool {
	if p, ok := o.pools.Load(name); ok {
		return p.(*pool)
	}
	p, _ := o.pools.LoadOrStore(name, o.resolve(name))
	return p.(*pool)
}

// resolve returns the metrics of the pool called name. Resolving them twice,
// when a pool's first calls begin at once, gives the same series.
func (o *Observer) resolve(name string) *pool {
	p := &pool{
		inFlight:  o.inFlight.WithLabelValues(name),
		waiting:   o.waiting.WithLabelValues(name),
		limit:     o.limit.WithLabelValues(name),
		unlimited: o.unlimited.WithLabelValues(name),
		started:   o.started.WithLabelValues(name),
		skipped:   o.skipped.WithLabelValues(name),
		duration:  o.duration.WithLabelValues(name),
		wait:      o.wait.WithLabelValues(name),
	}
	for i, outcome := range taskstat.OutcomeNames {
		p.finished[i] = o.finished.WithLabelValues(name, outcome)
	}
	return p
}

// Observe counts the task event e of the pool e.Pool. leash does not call it:
// given the Observer, it calls ForPool once a call and reports the call's
// events to what that returns. Observe serves events given by hand, and
// Observers that wrap this one without passing ForPool on; it looks the pool
// up on every event. It ignores CallStarted and CallEnded, whose limits only
// the observer of a call can pair (CallEnded does not say the limit of the
// call that ends), rather than leave behind the limit of a call that has
// ended.
func (o *Observer) Observe(e leash.Event) {
	o.pool(e.Pool).observe(&e)
}

// Describe sends the descriptions of the Observer's metrics to ch, for
// prometheus.Collector.
func (o *Observer) Describe(ch chan<- *prometheus.Desc) {
	for _, c := range o.collectors() {
		c.Describe(ch)
	}
}

// Collect sends the Observer's metrics to ch, for prometheus.Collector.
func (o *Observer) Collect(ch chan<- prometheus.Metric) {
	for _, c := range o.collectors() {
		c.Collect(ch)
	}
}

func (o *Observer) collectors() [9]prometheus.Collector {
	return [...]prometheus.Collector{o.inFlight, o.waiting, o.limit, o.unlimited, o.started, o.finished, o.skipped, o.duration, o.wait}
}
