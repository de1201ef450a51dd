package blockingsend

import (
	"errors"
	"sync"
)

// A Cond nothing signals: activation never announces itself.

type manifest struct{ implements []string }

type plugin struct {
	activateWait *sync.Cond
	activateErr  error
	manifest     *manifest
}

func newPlugin() *plugin {
	return &plugin{activateWait: sync.NewCond(&sync.Mutex{}), activateErr: errors.New("not active")}
}

func (p *plugin) waitActive() error {
	p.activateWait.L.Lock()
	for p.manifest == nil {
		p.activateWait.Wait() // want `p.activateWait.Wait\(\) blocks forever: nothing in this package calls Signal or Broadcast on activateWait, and nothing outside can`
	}
	p.activateWait.L.Unlock()
	return p.activateErr
}

type queue struct {
	mu    sync.Mutex
	ready sync.Cond
	items []int
}

func (q *queue) init() { q.ready = sync.Cond{L: &q.mu} }

func (q *queue) pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.ready.Wait() // want `q.ready.Wait\(\) blocks forever: nothing in this package calls Signal or Broadcast on ready`
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

// Fine: signalled where the state changes.

type worker struct {
	mu   sync.Mutex
	cv   *sync.Cond
	done bool
}

func newWorker() *worker {
	w := &worker{}
	w.cv = sync.NewCond(&w.mu)
	return w
}

func (w *worker) finish() {
	w.mu.Lock()
	w.done = true
	w.mu.Unlock()
	w.cv.Broadcast()
}

func (w *worker) wait() {
	w.mu.Lock()
	for !w.done {
		w.cv.Wait()
	}
	w.mu.Unlock()
}

// Fine: the Cond comes from the caller, who may signal it.

type waiter struct{ cond *sync.Cond }

func newWaiter(c *sync.Cond) *waiter { return &waiter{cond: c} }

func (w *waiter) wait() { w.cond.Wait() }

// Fine: the Cond is handed to other code, which may signal it, directly
// or through a method value.

type handed struct{ cond *sync.Cond }

func register(c *sync.Cond) {}

func (h *handed) start() {
	h.cond = sync.NewCond(&sync.Mutex{})
	register(h.cond)
}

func (h *handed) wait() { h.cond.Wait() }

type signaller struct{ cond *sync.Cond }

func (s *signaller) notifier() func() { return s.cond.Signal }

func (s *signaller) wait() { s.cond.Wait() }

// Fine: an exported field can be signalled by any package.

type Exported struct{ Cond *sync.Cond }

func (e *Exported) wait() { e.Cond.Wait() }

// Fine: set by an unkeyed literal from a parameter.

type pair struct {
	cond *sync.Cond
	n    int
}

func newPair(c *sync.Cond) pair { return pair{c, 0} }

func (p pair) wait() { p.cond.Wait() }

// Fine: Wait handed on as a method value; whoever calls it is not known.

type gate struct {
	mu   sync.Mutex
	cond *sync.Cond
}

func newGate() *gate {
	g := &gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *gate) waiter() func() { return g.cond.Wait }
