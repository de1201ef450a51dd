package lockorder

import (
	"context"
	"errors"
	"sync"
)

// Returns that keep the lock on purpose, or do not keep it.

// Deferred unlock.
func (d *deviceSet) count() int {
	d.Lock()
	defer d.Unlock()
	if d.deleted == 0 {
		return 0
	}
	return d.deleted
}

// Locked only on success: the normal path returns holding it.
func (d *deviceSet) lockIfDirty() bool {
	d.Lock()
	if d.deleted == 0 {
		d.Unlock()
		return false
	}
	return true
}

// Ownership handed to the caller through a pointer.
type conn struct {
	rlock sync.Mutex
}

func (c *conn) waitResponse(match func() (bool, error)) (*sync.Mutex, error) {
	for {
		c.rlock.Lock()
		ok, err := match()
		if err != nil {
			c.rlock.Unlock()
			return nil, err
		}
		if ok {
			return &c.rlock, nil
		}
		c.rlock.Unlock()
	}
}

// Unlock handed to a function literal.
func (d *deviceSet) begin() func() {
	d.Lock()
	if d.deleted > 10 {
		return func() { d.Unlock() }
	}
	d.Unlock()
	return func() {}
}

// Unlock handed on as a method value.
func (d *deviceSet) beginValue() func() {
	d.Lock()
	if d.deleted > 10 {
		return d.Unlock
	}
	d.Unlock()
	return func() {}
}

// A panic: the program is going down.
func (d *deviceSet) must() {
	d.Lock()
	if d.deleted < 0 {
		panic("negative count")
	}
	d.Unlock()
}

// A select waits for one of its cases: there is no way out between them.
type leaseProxy struct {
	mu  sync.Mutex
	ctx context.Context
}

func (lp *leaseProxy) watch(stop, disconnect <-chan struct{}, cancel func()) {
	<-stop
	lp.mu.Lock()
	select {
	case <-lp.ctx.Done():
	case <-disconnect:
		cancel()
	}
	<-lp.ctx.Done()
	lp.mu.Unlock()
}

// An unlock helper releases it on the early return.
func (d *deviceSet) unlockAndReport() error {
	d.Unlock()
	return errors.New("reported")
}

func (d *deviceSet) check() error {
	d.Lock()
	if d.deleted > 0 {
		return d.unlockAndReport()
	}
	d.Unlock()
	return nil
}

// A goroutine takes over the lock and releases it.
func (d *deviceSet) async() {
	d.Lock()
	if d.deleted > 0 {
		go func() {
			defer d.Unlock()
			d.deleted = 0
		}()
		return
	}
	d.Unlock()
}
