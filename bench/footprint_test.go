package bench

import (
	"runtime"
	"sync"
	"testing"
)

// The watcher sees goroutines and heap that a run holds, and counts the
// goroutines it starts.
func TestWatcherSeesWhatARunHolds(t *testing.T) {
	const goroutines, heapBytes = 10, 4 << 20

	w := startWatch()
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() { <-release })
	}
	held := make([]byte, heapBytes)
	for seen := w.sampled.Load(); w.sampled.Load() < seen+3; {
		runtime.Gosched() // let the watcher take samples while the run holds all
	}
	close(release)
	wg.Wait()
	fp := w.stop()
	runtime.KeepAlive(held)

	if fp.peakGoroutines < goroutines || fp.peakGoroutines > goroutines+2 {
		t.Errorf("peak goroutines %d, want %d (give or take a stray goroutine of the test runner)", fp.peakGoroutines, goroutines)
	}
	if fp.started < goroutines || fp.started > goroutines+2 {
		t.Errorf("goroutines started %d, want %d", fp.started, goroutines)
	}
	if fp.peakHeap < heapBytes {
		t.Errorf("peak heap %d bytes, want at least the %d the run held", fp.peakHeap, heapBytes)
	}
}

// A run that holds nothing has a footprint of nothing: the watcher does
// not count itself.
func TestWatcherDoesNotCountItself(t *testing.T) {
	w := startWatch()
	for seen := w.sampled.Load(); w.sampled.Load() < seen+3; {
		runtime.Gosched()
	}
	fp := w.stop()
	if fp.peakGoroutines != 0 || fp.started != 0 {
		t.Errorf("an empty run: peak goroutines %d, started %d, want 0 and 0", fp.peakGoroutines, fp.started)
	}
}
