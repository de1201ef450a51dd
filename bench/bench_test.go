package bench

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"
)

// The sizes of the workloads.
const (
	forEachItems = 1_000_000 // ForEach: trivial items
	mapItems     = 1_000_000 // Map: trivial items, results in input order
	streamItems  = 200_000   // OrderedStream: trivial items pulled from an iter.Seq
	groupTasks   = 200_000   // GroupGo: trivial tasks started one Go at a time
	ioItems      = 10_000    // IOBound: items that each wait ioWait
	ioLimit      = 64        // IOBound: the limit, sized to a downstream's capacity
	ioWait       = time.Millisecond
)

// BenchmarkForEach calls a trivial function for every element of a slice
// of 1M, with limit 2 and with limit GOMAXPROCS: the cost of scheduling
// when the work per item is close to nothing. Where GOMAXPROCS is 2 the
// two are one.
func BenchmarkForEach(b *testing.B) {
	in := indexes(forEachItems)
	for _, limit := range slices.Compact([]int{2, runtime.GOMAXPROCS(0)}) {
		b.Run(params(len(in), limit), func(b *testing.B) {
			for _, im := range forEachImpls {
				b.Run("impl="+im.name, func(b *testing.B) {
					out := make([]uint64, len(in))
					fn := func(_ context.Context, i int) error {
						out[i] = mix(i)
						return nil
					}
					benchmark(b, len(in),
						func() error { return im.run(b.Context(), in, limit, fn) },
						func() error { return checkMixed(out, len(in)) })
				})
			}
		})
	}
}

// BenchmarkMap maps a slice of 1M with a trivial function, GOMAXPROCS at a
// time, into a slice of results in input order.
func BenchmarkMap(b *testing.B) {
	in := indexes(mapItems)
	limit := runtime.GOMAXPROCS(0)
	fn := func(_ context.Context, i int) (uint64, error) { return mix(i), nil }
	for _, im := range mapImpls {
		b.Run(params(len(in), limit)+"/impl="+im.name, func(b *testing.B) {
			var out []uint64
			benchmark(b, len(in),
				func() (err error) {
					out, err = im.run(b.Context(), in, limit, fn)
					return err
				},
				func() error { return checkMixed(out, len(in)) })
		})
	}
}

// BenchmarkOrderedStream maps 200k items pulled one by one from an
// iter.Seq with a trivial function, GOMAXPROCS at a time, and consumes the
// results in input order while the input is still being read — the shape
// of a pipeline over a file, a channel or a paginated API.
func BenchmarkOrderedStream(b *testing.B) {
	limit := runtime.GOMAXPROCS(0)
	fn := func(_ context.Context, i int) (uint64, error) { return mix(i), nil }
	for _, im := range seqImpls {
		b.Run(params(streamItems, limit)+"/impl="+im.name, func(b *testing.B) {
			var sum orderedSum
			benchmark(b, streamItems,
				func() error {
					sum = orderedSum{}
					return im.run(b.Context(), countTo(streamItems), limit, fn, sum.add)
				},
				func() error { return sum.check(streamItems) })
		})
	}
}

// BenchmarkGroupGo starts 200k trivial tasks one Go call at a time with a
// limit of GOMAXPROCS: a loop that hands a group a task per item, where the
// group must hold the loop back rather than start a goroutine per item.
func BenchmarkGroupGo(b *testing.B) {
	limit := runtime.GOMAXPROCS(0)
	for _, im := range goImpls {
		b.Run(params(groupTasks, limit)+"/impl="+im.name, func(b *testing.B) {
			out := make([]uint64, groupTasks)
			task := func(_ context.Context, i int) error {
				out[i] = mix(i)
				return nil
			}
			benchmark(b, groupTasks,
				func() error { return im.run(b.Context(), groupTasks, limit, task) },
				func() error { return checkMixed(out, groupTasks) })
		})
	}
}

// BenchmarkIOBound runs 10k items that each wait 1 ms, 64 at a time: calls
// to a service that allows 64 at once. The floor is 10k/64 × 1 ms; what an
// implementation adds to it is its scheduling, and the goroutines and
// memory it holds while the work waits.
func BenchmarkIOBound(b *testing.B) {
	in := indexes(ioItems)
	for _, im := range forEachImpls {
		b.Run(params(len(in), ioLimit)+"/impl="+im.name, func(b *testing.B) {
			out := make([]uint64, len(in))
			fn := func(_ context.Context, i int) error {
				time.Sleep(ioWait)
				out[i] = mix(i)
				return nil
			}
			benchmark(b, len(in),
				func() error { return im.run(b.Context(), in, ioLimit, fn) },
				func() error { return checkMixed(out, len(in)) })
		})
	}
}

// params names a workload's size and limit in a benchmark's name, where
// benchtable reads them.
func params(items, limit int) string {
	return fmt.Sprintf("n=%d/limit=%d", items, limit)
}

// benchmark times b.N calls of run, which processes items items, and
// reports the measures per item: wall time, the CPU time of the whole
// process (every thread, the runtime's included) — which other processes
// on a shared machine disturb far less than wall time — and allocations. Before timing, one untimed call of run is
// watched for its footprint and its output is checked; the output of the
// last timed call is checked too, so a fast but wrong implementation fails
// the benchmark.
func benchmark(b *testing.B, items int, run func() error, check func() error) {
	b.Helper()
	w := startWatch()
	err := run()
	fp := w.stop()
	if err != nil {
		b.Fatal(err)
	}
	if err := check(); err != nil {
		b.Fatalf("wrong output: %v", err)
	}

	b.ReportAllocs()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpuBefore, cpuOK := cpuTime()
	b.ResetTimer()
	for range b.N {
		if err := run(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	cpuAfter, _ := cpuTime()
	runtime.ReadMemStats(&after)
	if err := check(); err != nil {
		b.Fatalf("wrong output: %v", err)
	}

	per := float64(b.N) * float64(items)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/item")
	if cpuOK {
		b.ReportMetric(float64((cpuAfter-cpuBefore).Nanoseconds())/per, "cpu-ns/item")
	}
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/per, "allocs/item")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/per, "B/item")
	b.ReportMetric(float64(fp.peakGoroutines), "peak-goroutines")
	b.ReportMetric(float64(fp.peakHeap), "peak-heap-B")
	b.ReportMetric(float64(fp.started), "goroutines-started")
}
