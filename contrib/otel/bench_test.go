package otel_test

import (
	"context"
	"testing"
	"time"

	"github.com/leash-go/leash"
	leashotel "github.com/leash-go/leash/contrib/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
)

// newObserver returns an Observer recording with provider, or fails b.
func newObserver(b *testing.B, provider metric.MeterProvider) *leashotel.Observer {
	obs, err := leashotel.NewObserver(leashotel.WithMeterProvider(provider))
	if err != nil {
		b.Fatal(err)
	}
	return obs
}

// BenchmarkObserve measures what an Observer costs a task in the steady
// state, recording with the SDK (a ManualReader, as an exporter would read
// it) or with the no-op provider a program has before it sets one: from one
// goroutine, and from all of them at once on the same pool. An operation is
// the life of one task, queued, started and ended; ns/event is per call to
// Observe.
func BenchmarkObserve(b *testing.B) {
	life := [...]leash.Event{
		{Kind: leash.TaskQueued, Pool: "thumbnails", Tasks: 1},
		{Kind: leash.TaskStarted, Pool: "thumbnails", Tasks: 1, Wait: 300 * time.Microsecond},
		{Kind: leash.TaskEnded, Pool: "thumbnails", Tasks: 1, Run: 20 * time.Millisecond},
	}
	for _, p := range []struct {
		name     string
		provider func() metric.MeterProvider
	}{
		{"sdk", func() metric.MeterProvider {
			return sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
		}},
		{"noop", func() metric.MeterProvider { return noop.NewMeterProvider() }},
	} {
		b.Run(p.name+"/serial", func(b *testing.B) {
			obs := newObserver(b, p.provider())
			b.ReportAllocs()
			for b.Loop() {
				for _, e := range life {
					obs.Observe(e)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(life)), "ns/event")
		})
		b.Run(p.name+"/parallel", func(b *testing.B) {
			obs := newObserver(b, p.provider())
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					for _, e := range life {
						obs.Observe(e)
					}
				}
			})
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(life)), "ns/event")
		})
	}
}

// BenchmarkForEach runs a thousand trivial tasks through leash.ForEach with
// and without an Observer recording with the SDK: the Observer's share of
// the cheapest fan-out there is. Compare with benchstat -col /observer.
func BenchmarkForEach(b *testing.B) {
	in := make([]int, 1000)
	fn := func(ctx context.Context, v int) error { return nil }
	obs := newObserver(b, sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader())))
	for _, bc := range []struct {
		name string
		opts []leash.Option
	}{
		{"none", nil},
		{"otel", []leash.Option{leash.Name("bench"), leash.Observe(obs)}},
	} {
		b.Run("observer="+bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := leash.ForEach(context.Background(), in, fn, bc.opts...); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(in)), "ns/task")
		})
	}
}
