package devshapes

import (
	"errors"
	"sync"
)

// A cache entry refreshed by a goroutine that sends its outcome while
// holding the entry's lock. The waiter took the same lock only to read
// the entry, and let it go before the channel even existed: the lock
// cannot keep it from the receive.
type cachedObject struct {
	mu    sync.Mutex
	fresh bool
	data  []byte
}

func (o *cachedObject) ensureFresh() error {
	o.mu.Lock()
	fresh := o.fresh
	o.mu.Unlock()
	if fresh {
		return nil
	}
	done := make(chan error)
	go o.refresh(done)
	return <-done
}

var errNoData = errors.New("no data")

func (o *cachedObject) refresh(done chan error) {
	defer close(done)
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.data == nil {
		done <- errNoData
		return
	}
	o.fresh = true
}

func serveCached(objects []*cachedObject) {
	for _, o := range objects {
		_ = o.ensureFresh()
	}
}
