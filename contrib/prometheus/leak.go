package prometheus

import (
	"sync"
	"time"

	"github.com/leash-go/leash/contrib/internal/leakstat"
	"github.com/leash-go/leash/leakwatch"
	"github.com/prometheus/client_golang/prometheus"
)

// A LeakObserver exports what a leakwatch.Watcher finds, check after check,
// as Prometheus metrics:
//
//	leash_goroutines_leaked{created_by,created_at,blocked_in,blocked_at,state,proven}
//	                                      gauge: goroutines at each site at the latest check
//	leash_leak_checks_total{proven}       counter: checks run
//	leash_leak_check_duration_seconds     histogram: how long checks took
//
// A site is the goroutines started by one go statement (created_by,
// created_at: function and file:line) and blocked at one line (blocked_in,
// blocked_at), in one state ("chan send", "sync.Mutex.Lock", …). proven is
// "true" where the runtime proved them blocked forever (Go 1.27, Go 1.26 with
// GOEXPERIMENT=goroutineleakprofile) and "false" where they are only
// suspected. A site the latest check did not find has no series: an alert on
// leash_goroutines_leaked > 0, or on its growth, fires for the sites leaking
// now. There are as many sites as places in the program where goroutines
// leak, a small number: the labels come from the code, never from requests.
//
// Give its ObserveCheck to the Watcher and register it:
//
//	obs := leashprom.NewLeakObserver()
//	prometheus.MustRegister(obs)
//	w := leakwatch.New(leakwatch.OnCheck(obs.ObserveCheck))
//	go w.Run(ctx)
type LeakObserver struct {
	leaked   *prometheus.Desc
	checks   *prometheus.CounterVec
	duration prometheus.Histogram

	mu     sync.Mutex
	latest leakwatch.Report
}

// NewLeakObserver returns a LeakObserver that exports nothing until it is
// registered and given checks. Namespace and Subsystem apply to its metrics.
func NewLeakObserver(opts ...Option) *LeakObserver {
	c := newConfig(opts)
	name := func(n string) string { return prometheus.BuildFQName(c.namespace, c.subsystem, n) }
	return &LeakObserver{
		leaked: prometheus.NewDesc(name("leash_goroutines_leaked"),
			"Goroutines blocked forever (proven=\"true\") or suspected leaked (proven=\"false\") at each site, at the latest check: started by the go statement in created_by at created_at, blocked in blocked_in at blocked_at.",
			leakstat.Names[:], nil),
		checks: prometheus.NewCounterVec(prometheus.CounterOpts{Name: name("leash_leak_checks_total"),
			Help: "Goroutine leak checks run; proven says whether the runtime could prove leaks."}, []string{"proven"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{Name: name("leash_leak_check_duration_seconds"),
			Help: "How long goroutine leak checks took: a garbage collection, and a goroutine dump when there are leaks.", Buckets: leakstat.Buckets()}),
	}
}

// ObserveCheck counts a check that took took and found r; give it to a
// Watcher with leakwatch.OnCheck.
func (o *LeakObserver) ObserveCheck(r leakwatch.Report, took time.Duration) {
	o.mu.Lock()
	o.latest = r
	o.mu.Unlock()
	o.checks.WithLabelValues(proven(r.Proven)).Inc()
	o.duration.Observe(took.Seconds())
}

func proven(p bool) string {
	if p {
		return "true"
	}
	return "false"
}

// Describe sends the descriptions of the LeakObserver's metrics to ch, for
// prometheus.Collector.
func (o *LeakObserver) Describe(ch chan<- *prometheus.Desc) {
	ch <- o.leaked
	o.checks.Describe(ch)
	o.duration.Describe(ch)
}

// Collect sends the LeakObserver's metrics to ch, for prometheus.Collector:
// the sites of the latest check, all from that one check.
func (o *LeakObserver) Collect(ch chan<- prometheus.Metric) {
	o.mu.Lock()
	r := o.latest
	o.mu.Unlock()
	for i := range r.Sites {
		s := &r.Sites[i]
		values := leakstat.Values(s, r.Proven)
		ch <- prometheus.MustNewConstMetric(o.leaked, prometheus.GaugeValue, float64(s.Count), values[:]...)
	}
	o.checks.Collect(ch)
	o.duration.Collect(ch)
}
