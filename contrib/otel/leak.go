package otel

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/leash-go/leash/contrib/internal/leakstat"
	"github.com/leash-go/leash/leakwatch"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// A LeakObserver records what a leakwatch.Watcher finds, check after check,
// with OpenTelemetry instruments:
//
//	leash.goroutine.leaked      ObservableGauge {goroutine}  goroutines at each site at the latest check
//	leash.leak.check.duration   Histogram s                  how long checks took; its count is the checks run
//
// The gauge's attributes name the site: leash.leak.created_by and
// leash.leak.created_at, the function and file:line of the go statement
// that started the goroutines; leash.leak.blocked_in and
// leash.leak.blocked_at, where they are blocked; leash.leak.state, what they
// wait in ("chan send", "sync.Mutex.Lock", …). Both instruments carry
// leash.leak.proven: true where the runtime proved the goroutines blocked
// forever (Go 1.27, Go 1.26 with GOEXPERIMENT=goroutineleakprofile), false
// where they are only suspected. A site the latest check did not find is
// not observed. There are as many sites as places in the program where
// goroutines leak, a small number: the attributes come from the code, never
// from requests.
//
// Give its ObserveCheck to the Watcher:
//
//	obs, err := leashotel.NewLeakObserver(leashotel.WithMeterProvider(provider))
//	…
//	w := leakwatch.New(leakwatch.OnCheck(obs.ObserveCheck))
//	go w.Run(ctx)
type LeakObserver struct {
	leaked   metric.Int64ObservableGauge
	duration metric.Float64Histogram

	mu     sync.Mutex
	latest leakwatch.Report
}

// NewLeakObserver returns a LeakObserver recording with a meter of the
// global MeterProvider, or of the one WithMeterProvider gives. It returns an
// error if the meter cannot make the instruments.
func NewLeakObserver(opts ...Option) (*LeakObserver, error) {
	c := newConfig(opts)
	m := c.provider.Meter(ScopeName)
	o := &LeakObserver{}
	var errs [2]error
	o.leaked, errs[0] = m.Int64ObservableGauge("leash.goroutine.leaked", metric.WithUnit("{goroutine}"),
		metric.WithDescription("Goroutines blocked forever (leash.leak.proven=true) or suspected leaked at each site, at the latest check: started by the go statement at leash.leak.created_at, blocked at leash.leak.blocked_at."))
	o.duration, errs[1] = m.Float64Histogram("leash.leak.check.duration", metric.WithUnit("s"),
		metric.WithDescription("How long goroutine leak checks took: a garbage collection, and a goroutine dump when there are leaks; its count is the checks run."),
		metric.WithExplicitBucketBoundaries(leakstat.Buckets()...))
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	if _, err := m.RegisterCallback(o.observeLeaked, o.leaked); err != nil {
		return nil, err
	}
	return o, nil
}

// ObserveCheck records a check that took took and found r; give it to a
// Watcher with leakwatch.OnCheck.
func (o *LeakObserver) ObserveCheck(r leakwatch.Report, took time.Duration) {
	o.mu.Lock()
	o.latest = r
	o.mu.Unlock()
	o.duration.Record(context.Background(), took.Seconds(), metric.WithAttributes(provenKey.Bool(r.Proven)))
}

// observeLeaked reports, when the metrics are collected, the sites of the
// latest check.
func (o *LeakObserver) observeLeaked(_ context.Context, obs metric.Observer) error {
	o.mu.Lock()
	r := o.latest
	o.mu.Unlock()
	for i := range r.Sites {
		obs.ObserveInt64(o.leaked, int64(r.Sites[i].Count), metric.WithAttributes(siteAttributes(&r.Sites[i], r.Proven)...))
	}
	return nil
}

// provenKey is the attribute that says whether leaks are proven.
var provenKey = attribute.Key("leash.leak.proven")

// siteAttributes returns the attributes of the site s of a report that is
// proven or not.
func siteAttributes(s *leakwatch.Site, proven bool) []attribute.KeyValue {
	values := leakstat.Values(s, proven)
	attrs := make([]attribute.KeyValue, 0, len(values))
	for i, name := range leakstat.Names {
		if name == "proven" {
			attrs = append(attrs, provenKey.Bool(proven))
			continue
		}
		attrs = append(attrs, attribute.String("leash.leak."+name, values[i]))
	}
	return attrs
}
