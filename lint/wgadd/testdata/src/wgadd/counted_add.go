package wgadd

import "sync"

// A look-alike that is harmless: the goroutine was counted before it
// started and defers its Done first, so the Add it makes later for the
// work it cleans up finds the counter above zero (gloo's consul EDS
// watcher).
func watchCounted(work []func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var inner sync.WaitGroup
		wg.Add(1)
		defer func() {
			inner.Wait()
			wg.Done()
		}()
		for _, w := range work {
			inner.Add(1)
			go func() {
				defer inner.Done()
				w()
			}()
		}
	}()
	wg.Wait()
}

// Reported: the Done is deferred first, but nothing counted the goroutine
// before it started, so its Add is its own count, too late.
func watchUncounted(work func()) {
	var wg sync.WaitGroup
	go func() {
		defer wg.Done()
		wg.Add(1) // want `wg.Add inside the goroutine it counts races with wg.Wait`
		work()
	}()
	wg.Wait()
}

// Reported: the Add before the go statements counts the first goroutine,
// not the second.
func watchCountedOther(work func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		work()
	}()
	go func() {
		defer wg.Done()
		wg.Add(1) // want `wg.Add inside the goroutine it counts races with wg.Wait`
		work()
	}()
	wg.Wait()
}
