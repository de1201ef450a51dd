package prometheus

import (
	"context"
	"errors"

	"github.com/leash-go/leash"
	"github.com/prometheus/client_golang/prometheus"
)

// An Observer is a leash.Observer that counts what the tasks of the calls it
// observes do, and a prometheus.Collector that exports the counts, labelled
// by pool (the call's leash.Name):
//
//	leash_tasks_in_flight{pool}          gauge: tasks running now
//	leash_tasks_waiting{pool}            gauge: tasks queued, waiting for a slot
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
// One Observer serves a whole program: register it once and pass it to every
// call, named apart with leash.Name. Calls with the same name add up; calls
// without one count under pool "". Each name keeps its series for the life
// of the Observer, so names must come from a small fixed set, not from
// request data.
type Observer struct {
	inFlight *prometheus.GaugeVec
	waiting  *prometheus.GaugeVec
	started  *prometheus.CounterVec
	finished *prometheus.CounterVec
	skipped  *prometheus.CounterVec
	duration *prometheus.HistogramVec
	wait     *prometheus.HistogramVec

	pools pools
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

// A pool is the metrics of one pool name, resolved for its events.
type pool struct {
	inFlight, waiting prometheus.Gauge
	started, skipped  prometheus.Counter
	finished          [outcomes]prometheus.Counter
	duration, wait    prometheus.Observer
}

// NewObserver returns an Observer that exports nothing until it is
// registered, with prometheus.Registerer.Register or MustRegister, and
// passed to calls with leash.Observe.
func NewObserver(opts ...Option) *Observer {
	c := newConfig(opts)
	name := func(n string) string { return prometheus.BuildFQName(c.namespace, c.subsystem, n) }
	pool := []string{"pool"}
	o := &Observer{
		inFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: name("leash_tasks_in_flight"),
			Help: "Tasks running now.",
		}, pool),
		waiting: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: name("leash_tasks_waiting"),
			Help: "Tasks given to a call that have not started: waiting for a free slot under the call's limit.",
		}, pool),
		started: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: name("leash_tasks_started_total"),
			Help: "Tasks that got a slot and started.",
		}, pool),
		finished: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: name("leash_tasks_finished_total"),
			Help: "Tasks that ended, by outcome: succeeded, failed, canceled (returned context.Canceled) or panicked.",
		}, []string{"pool", "outcome"}),
		skipped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: name("leash_tasks_skipped_total"),
			Help: "Tasks given to a call that never started, because the call stopped first.",
		}, pool),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    name("leash_task_duration_seconds"),
			Help:    "How long tasks ran, from start to return or panic.",
			Buckets: c.durationBuckets,
		}, pool),
		wait: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    name("leash_task_wait_seconds"),
			Help:    "How long tasks waited for a free slot, from being given to the call to starting.",
			Buckets: c.waitBuckets,
		}, pool),
	}
	o.pools.resolve = o.resolve
	return o
}

// resolve returns the metrics of the pool called name.
func (o *Observer) resolve(name string) *pool {
	p := &pool{
		inFlight: o.inFlight.WithLabelValues(name),
		waiting:  o.waiting.WithLabelValues(name),
		started:  o.started.WithLabelValues(name),
		skipped:  o.skipped.WithLabelValues(name),
		duration: o.duration.WithLabelValues(name),
		wait:     o.wait.WithLabelValues(name),
	}
	for i, outcome := range outcomeNames {
		p.finished[i] = o.finished.WithLabelValues(name, outcome)
	}
	return p
}

// Observe counts e. leash calls it on every task; it allocates nothing once
// the pool has been seen.
func (o *Observer) Observe(e leash.Event) {
	p := o.pools.get(e.Pool)
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

func (o *Observer) collectors() [7]prometheus.Collector {
	return [...]prometheus.Collector{o.inFlight, o.waiting, o.started, o.finished, o.skipped, o.duration, o.wait}
}
