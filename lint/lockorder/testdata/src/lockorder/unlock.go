package lockorder

import (
	"errors"
	"sync"
	"time"
)

// An early return that keeps the lock.

type deviceSet struct {
	sync.Mutex
	deleted int
}

func (d *deviceSet) cleanupDeleted() error {
	d.Lock() // want `d.Mutex is locked here and still held when the function returns at line \d+, though the other paths unlock it`
	if d.deleted == 0 {
		return nil
	}
	d.Unlock()
	return errors.New("devices left")
}

type client struct {
	mu     sync.RWMutex
	cancel func()
}

type remote struct {
	client *client
	mu     sync.Mutex
}

var errClosed = errors.New("closed")

func (r *remote) acquire() error {
	for {
		r.client.mu.RLock() // want `r.client.mu is read-locked here and still held when the function returns at line \d+`
		closed := r.client.cancel == nil
		r.mu.Lock()
		r.mu.Unlock()
		if closed {
			return errClosed
		}
		r.client.mu.RUnlock()
	}
}

// close waits forever behind the read lock acquire keeps: the finding
// there names this Lock as related information. A reader does not wait.
func (c *client) close() {
	c.mu.Lock() // waiter
	defer c.mu.Unlock()
	c.cancel = nil
}

func (c *client) canceller() func() {
	c.mu.RLock() // not a waiter
	defer c.mu.RUnlock()
	return c.cancel
}

type subConnCache struct {
	mu      sync.Mutex
	entries map[string]bool
}

func (c *subConnCache) remove(addr string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	time.AfterFunc(time.Second, func() {
		c.mu.Lock() // want `c.mu is locked here and still held when the function returns at line \d+`
		if c.entries[addr] {
			return
		}
		delete(c.entries, addr)
		c.mu.Unlock()
	})
}

func (c *subConnCache) lookup(addr string) (bool, error) {
	c.mu.Lock() // want `c.mu is locked here`
	switch {
	case addr == "":
		c.mu.Unlock()
		return false, errors.New("no address")
	case len(addr) > 255:
		return false, errors.New("address too long")
	}
	ok := c.entries[addr]
	c.mu.Unlock()
	return ok, nil
}

type backend struct {
	mu    sync.Mutex
	state int
}

func (b *backend) rpc() (int, error) { return 1, nil }

// Fine: syncLocked is entered with b.mu held and steps out of it around
// each call; every path, the early return included, gives it back held.
func (b *backend) syncLocked() error {
	b.mu.Unlock()
	v, err := b.rpc()
	b.mu.Lock()
	if err != nil {
		return err
	}
	b.state = v
	b.mu.Unlock()
	_, err = b.rpc()
	b.mu.Lock()
	return err
}

func (b *backend) sync() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.syncLocked()
}

// seekers waits until no other goroutine is opening what it asks for,
// then returns holding the lock for its caller to release: it steps out
// of the lock only to wait and take it again, and every return holds it.
// A look-alike of a storage engine's open-lease path.
type seekers struct {
	sync.Mutex
	opening map[int]*sync.WaitGroup
}

func (s *seekers) acquire(block int) bool {
	for {
		s.Lock()
		wg, ok := s.opening[block]
		if !ok || wg == nil {
			return ok // held: the caller unlocks
		}
		s.Unlock()
		wg.Wait()
	}
}

func (s *seekers) open(block int) {
	s.acquire(block)
	defer s.Unlock()
	s.opening[block] = new(sync.WaitGroup)
}

// The same with the mutex handed in as a parameter.
func acquireIn(s *seekers, block int) (wg *sync.WaitGroup, ok bool) {
	for {
		s.Lock()
		wg, ok = s.opening[block]
		if !ok || wg == nil {
			return wg, ok
		}
		s.Unlock()
		wg.Wait()
	}
}

func (s *seekers) lease(block int) bool {
	_, ok := acquireIn(s, block)
	defer s.Unlock()
	return ok
}

// An early return on an error the call never returns cannot happen: the
// gauge's update always gives nil. The counter's can fail, and its early
// return keeps the lock. A look-alike of a metrics aggregator's elements,
// generated from one template for several aggregation types.
type gauge struct{ v float64 }

func (g *gauge) update(v float64) error {
	g.v = v
	return nil
}

type tally struct{ n int64 }

func (c *tally) update(v float64) error {
	if v < 0 {
		return errors.New("negative count")
	}
	c.n += int64(v)
	return nil
}

type gaugeElem struct {
	mu     sync.Mutex
	agg    gauge
	closed bool
}

func (e *gaugeElem) add(vals []float64) error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return errClosed
	}
	for _, v := range vals {
		if err := e.agg.update(v); err != nil {
			return err
		}
	}
	e.mu.Unlock()
	return nil
}

type counterElem struct {
	mu     sync.Mutex
	agg    tally
	closed bool
}

func (e *counterElem) add(vals []float64) error {
	e.mu.Lock() // want `e.mu is locked here and still held when the function returns`
	if e.closed {
		e.mu.Unlock()
		return errClosed
	}
	for _, v := range vals {
		if err := e.agg.update(v); err != nil {
			return err
		}
	}
	e.mu.Unlock()
	return nil
}
