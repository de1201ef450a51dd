package devshapes

import "sync"

// The same refresh, with a waiter that counts its hit under the lock
// after starting the refresh: the refresh holds the lock while it sends,
// the waiter waits for the lock before it receives, and neither moves.
type countedObject struct {
	mu    sync.Mutex
	hits  int
	fresh bool
}

func (o *countedObject) ensureFresh() error {
	done := make(chan error)
	go o.refresh(done)
	o.mu.Lock()
	o.hits++
	o.mu.Unlock()
	return <-done
}

func (o *countedObject) refresh(done chan error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.fresh = true
	done <- nil // want `send on done while holding o.mu can block forever: its receiver \(ensureFresh, line 20\) needs o.mu too; unlock before sending`
}

func serveCounted(objects []*countedObject) {
	for _, o := range objects {
		_ = o.ensureFresh()
	}
}
