package bench

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// A footprint is what one run of a workload holds besides time: the most
// goroutines and the most heap it had at once, and how many goroutines it
// started. Peaks are sampled, every sampleInterval, by a goroutine of the
// watcher's own, so a peak shorter than the interval can be missed; runs
// last milliseconds to seconds, which gives tens to tens of thousands of
// samples per run.
type footprint struct {
	// peakGoroutines is the most goroutines alive at a sample, less those
	// alive when the run began and the sampler itself.
	peakGoroutines int
	// peakHeap is the most bytes in heap objects at a sample
	// (runtime/metrics /memory/classes/heap/objects:bytes), less the bytes
	// in heap objects after a garbage collection just before the run. It
	// counts what the run allocated and the GC has not yet freed, not only
	// what is still reachable: an implementation that allocates per item
	// carries garbage up to the GC's next goal, and one that queues every
	// item holds them all.
	peakHeap uint64
	// started is the number of goroutines created during the run
	// (runtime/metrics /sched/goroutines-created:goroutines), less the
	// sampler.
	started uint64
}

// sampleInterval is how often the watcher samples. Each sample is cheap
// (a few hundred nanoseconds); the watched run is never a timed one.
const sampleInterval = 50 * time.Microsecond

const (
	heapObjectsMetric       = "/memory/classes/heap/objects:bytes"
	goroutinesCreatedMetric = "/sched/goroutines-created:goroutines"
)

// A watcher samples the goroutines and the heap of the process while a run
// goes on. Start it just before the run with startWatch and stop it just
// after.
type watcher struct {
	baseGoroutines int
	baseHeap       uint64
	baseCreated    uint64

	sampled atomic.Int64 // samples taken so far
	stopped chan struct{}
	result  chan footprint

	// Owned by the sampling goroutine.
	metrics    []metrics.Sample
	goroutines int
	heap       uint64
}

// startWatch collects garbage, takes the baseline and starts sampling.
func startWatch() *watcher {
	runtime.GC()
	w := &watcher{
		stopped: make(chan struct{}),
		result:  make(chan footprint, 1),
		metrics: []metrics.Sample{{Name: heapObjectsMetric}, {Name: goroutinesCreatedMetric}},
	}
	metrics.Read(w.metrics)
	w.baseHeap = w.metrics[0].Value.Uint64()
	w.baseCreated = w.metrics[1].Value.Uint64()
	w.baseGoroutines = runtime.NumGoroutine()
	w.goroutines, w.heap = w.baseGoroutines, w.baseHeap
	go w.loop()
	return w
}

// loop samples every sampleInterval until stop, then once more.
func (w *watcher) loop() {
	tick := time.NewTicker(sampleInterval)
	defer tick.Stop()
	for {
		w.sample()
		select {
		case <-tick.C:
		case <-w.stopped:
			w.sample()
			created := w.metrics[1].Value.Uint64() - w.baseCreated
			w.result <- footprint{
				peakGoroutines: max(w.goroutines-w.baseGoroutines-1, 0),
				peakHeap:       w.heap - w.baseHeap,
				started:        max(created, 1) - 1,
			}
			return
		}
	}
}

// sample takes one sample and keeps the peaks.
func (w *watcher) sample() {
	w.goroutines = max(w.goroutines, runtime.NumGoroutine())
	metrics.Read(w.metrics)
	w.heap = max(w.heap, w.metrics[0].Value.Uint64())
	w.sampled.Add(1)
}

// stop ends the sampling and returns the footprint of the run.
func (w *watcher) stop() footprint {
	close(w.stopped)
	return <-w.result
}
