package order

import "sync"

// Opposite orders that cannot interleave.

type a struct{ mu sync.Mutex }
type b struct{ mu sync.RWMutex }

type pair struct {
	gate sync.Mutex
	a    *a
	b    *b
}

// Both orders under a third mutex.
func (p *pair) ab() {
	p.gate.Lock()
	defer p.gate.Unlock()
	p.a.mu.Lock()
	p.b.mu.Lock()
	p.b.mu.Unlock()
	p.a.mu.Unlock()
}

func (p *pair) ba() {
	p.gate.Lock()
	defer p.gate.Unlock()
	p.bThenA()
}

// Only ever called with p.gate held.
func (p *pair) bThenA() {
	p.b.mu.Lock()
	p.a.mu.Lock()
	p.a.mu.Unlock()
	p.b.mu.Unlock()
}

// Read locks on both sides.
type c struct{ mu sync.RWMutex }
type d struct{ mu sync.RWMutex }

func readCD(x *c, y *d) {
	x.mu.RLock()
	y.mu.RLock()
	y.mu.RUnlock()
	x.mu.RUnlock()
}

func readDC(x *c, y *d) {
	y.mu.RLock()
	x.mu.RLock()
	x.mu.RUnlock()
	y.mu.RUnlock()
}

// A value made here is nobody else's yet.
type e struct{ mu sync.Mutex }
type f struct{ mu sync.Mutex }

func newE(y *f) *e {
	x := &e{}
	x.mu.Lock()
	defer x.mu.Unlock()
	y.mu.Lock()
	y.mu.Unlock()
	return x
}

func useF(x *e, y *f) {
	y.mu.Lock()
	defer y.mu.Unlock()
	x.mu.Lock()
	x.mu.Unlock()
}

// The caller says whether the callee locks.
type g struct{ mu sync.Mutex }
type h struct{ mu sync.Mutex }

func (x *g) touch(y *h, locked bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !locked {
		y.mu.Lock()
		defer y.mu.Unlock()
	}
}

func hg(x *g, y *h) {
	y.mu.Lock()
	defer y.mu.Unlock()
	x.touch(y, true)
}
