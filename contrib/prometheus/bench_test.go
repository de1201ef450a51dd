package prometheus_test

import (
	"context"
	"testing"
	"time"

	"github.com/leash-go/leash"
	leashprom "github.com/leash-go/leash/contrib/prometheus"
)

// life is the events of one task that waits, runs and succeeds.
var life = [...]leash.Event{
	{Kind: leash.TaskQueued, Pool: "thumbnails", Tasks: 1},
	{Kind: leash.TaskStarted, Pool: "thumbnails", Tasks: 1, Wait: 300 * time.Microsecond},
	{Kind: leash.TaskEnded, Pool: "thumbnails", Tasks: 1, Run: 20 * time.Millisecond},
}

// BenchmarkObserve measures what an Observer costs a task in the steady
// state, from one goroutine ("serial") and from all of them at once on the
// same pool ("parallel", where they contend for the same series). An
// operation is the life of one task; ns/event is per call to Observe.
func BenchmarkObserve(b *testing.B) {
	b.Run("serial", func(b *testing.B) {
		obs := leashprom.NewObserver()
		b.ReportAllocs()
		for b.Loop() {
			for _, e := range life {
				obs.Observe(e)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(life)), "ns/event")
	})
	b.Run("parallel", func(b *testing.B) {
		obs := leashprom.NewObserver()
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

// BenchmarkForEach runs a thousand trivial tasks through leash.ForEach with
// and without an Observer: the Observer's share of the cheapest fan-out
// there is. Compare with benchstat -col /observer.
func BenchmarkForEach(b *testing.B) {
	in := make([]int, 1000)
	fn := func(ctx context.Context, v int) error { return nil }
	for _, bc := range []struct {
		name string
		opts []leash.Option
	}{
		{"none", nil},
		{"prometheus", []leash.Option{leash.Name("bench"), leash.Observe(leashprom.NewObserver())}},
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
