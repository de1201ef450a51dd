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

type pipe struct{ out chan []byte }

// A look-alike that is harmless: each goroutine is handed the WaitGroup
// its starter counted it on (wg.Add(2) before both go statements) and
// defers its Done first, so the Add it makes for the writer it starts
// finds the counter above zero (telepresence's bidirectional pipe).
func (p *pipe) both(a, b []byte) {
	var wg sync.WaitGroup
	wg.Add(2)
	go p.copy(a, &wg)
	go p.copy(b, &wg)
	wg.Wait()
}

func (p *pipe) copy(data []byte, wg *sync.WaitGroup) {
	defer wg.Done()
	wg.Add(1)
	p.startWriter(data, wg)
}

func (p *pipe) startWriter(data []byte, wg *sync.WaitGroup) {
	go func() {
		defer wg.Done()
		p.out <- data
	}()
}

// Reported: handed the WaitGroup too, but it counts itself before it
// defers the Done, so its starter did not.
func (p *pipe) bothUncounted(a []byte) {
	var wg sync.WaitGroup
	go p.copySelfCounted(a, &wg)
	wg.Wait()
}

func (p *pipe) copySelfCounted(data []byte, wg *sync.WaitGroup) {
	wg.Add(1) // want `wg.Add inside the goroutine it counts races with wg.Wait`
	defer wg.Done()
	p.out <- data
}

// The same with the Done in a deferred closure that closes the output
// first.
func (p *pipe) copyThenClose(data []byte, wg *sync.WaitGroup) {
	defer func() {
		close(p.out)
		wg.Done()
	}()
	wg.Add(1)
	p.startWriter(data, wg)
}

func (p *pipe) bothThenClose(a []byte) {
	var wg sync.WaitGroup
	wg.Add(1)
	go p.copyThenClose(a, &wg)
	wg.Wait()
}
