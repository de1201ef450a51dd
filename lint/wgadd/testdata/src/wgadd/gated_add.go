package wgadd

import "sync"

// A target whose writer goroutine counts itself only while the channel
// gate is open; Cancel closes the gate under the lock, then waits.
type target struct {
	mu    sync.RWMutex
	logCh chan string
	wg    sync.WaitGroup
}

// Fine: the Add is made under mu, after checking the gate that Cancel
// closes under mu before its Wait: either the Add comes first or the
// goroutine returns without one.
func (t *target) start() {
	go func() {
		t.mu.RLock()
		logCh := t.logCh
		if logCh != nil {
			t.wg.Add(1)
			defer t.wg.Done()
		}
		t.mu.RUnlock()
		if logCh == nil {
			return
		}
		for range logCh {
		}
	}()
}

func (t *target) Cancel() {
	t.mu.Lock()
	close(t.logCh)
	t.logCh = nil
	t.mu.Unlock()
	t.wg.Wait()
}

// A second target whose Close waits without taking the lock: the Add,
// under the lock or not, can come after the Wait.
type loose struct {
	mu sync.Mutex
	wg sync.WaitGroup
}

func (l *loose) start() {
	go func() {
		l.mu.Lock()
		l.wg.Add(1) // want `l.wg.Add inside the goroutine it counts races with l.wg.Wait`
		l.mu.Unlock()
		defer l.wg.Done()
	}()
}

func (l *loose) Close() { l.wg.Wait() }
