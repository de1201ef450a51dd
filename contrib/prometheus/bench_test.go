//go:build unix

package prometheus_test

import (
	"context"
	"syscall"
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
// state, through the observer that ForPool returns for a call, as leash uses
// it: from one goroutine ("serial") and from all of them at once, each a call
// of the same pool ("parallel", where they contend for the same series). An
// operation is the life of one task; ns/event is per event.
func BenchmarkObserve(b *testing.B) {
	b.Run("serial", func(b *testing.B) {
		call := leashprom.NewObserver().ForPool("thumbnails")
		b.ReportAllocs()
		cpu := cpuTime()
		for b.Loop() {
			for _, e := range life {
				call.Observe(e)
			}
		}
		reportPer(b, cpuTime()-cpu, len(life), "event")
	})
	b.Run("parallel", func(b *testing.B) {
		obs := leashprom.NewObserver()
		b.ReportAllocs()
		cpu := cpuTime()
		b.RunParallel(func(pb *testing.PB) {
			call := obs.ForPool("thumbnails")
			for pb.Next() {
				for _, e := range life {
					call.Observe(e)
				}
			}
		})
		reportPer(b, cpuTime()-cpu, len(life), "event")
	})
}

// BenchmarkForEach runs a thousand trivial tasks through leash.ForEach
// without an Observer, with one that does nothing (what leash itself spends
// on observing) and with this package's: the Observer's share of the
// cheapest fan-out there is. Compare with benchstat -col /observer.
func BenchmarkForEach(b *testing.B) {
	in := make([]int, 1000)
	fn := func(ctx context.Context, v int) error { return nil }
	for _, bc := range []struct {
		name string
		opts []leash.Option
	}{
		{"none", nil},
		{"discard", []leash.Option{leash.Name("bench"), leash.Observe(discard{})}},
		{"prometheus", []leash.Option{leash.Name("bench"), leash.Observe(leashprom.NewObserver())}},
	} {
		b.Run("observer="+bc.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if err := leash.ForEach(context.Background(), in, fn, bc.opts...); err != nil {
					b.Fatal(err)
				}
			}
			reportPer(b, cpuTime()-cpu, len(in), "task")
		})
	}
}

// discard is an Observer that does nothing.
type discard struct{}

func (discard) Observe(leash.Event) {}

// reportPer reports the time per unit (event, task) of the b.N operations
// of per units each: the wall-clock time, and the CPU time the process used,
// which a machine shared with other work inflates far less.
func reportPer(b *testing.B, cpu time.Duration, per int, unit string) {
	n := float64(b.N * per)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/"+unit)
	b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/"+unit)
}

// cpuTime returns the CPU time the process has used, in user and system
// mode, in all its threads.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
