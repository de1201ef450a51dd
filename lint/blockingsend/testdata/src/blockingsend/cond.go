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

// A WaitGroup counted but never done: every task started counts itself on
// drain, nothing marks its end, and Quiesce waits for them forever.

type stopper struct {
	mu    sync.Mutex
	drain sync.WaitGroup
}

func (s *stopper) startTask() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drain.Add(1)
}

func (s *stopper) quiesce() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drain.Wait() // want `s.drain.Wait\(\) blocks forever once drain.Add has run: nothing in this package calls Done on drain, and nothing outside can`
}

// Fine: each task is done, by Done, by Add(-1), or started with Go.

type tasks struct {
	wg, neg, g sync.WaitGroup
}

func (t *tasks) run(f func()) {
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		f()
	}()
	t.neg.Add(1)
	go func() {
		f()
		t.neg.Add(-1)
	}()
	t.g.Go(f)
}

func (t *tasks) wait() {
	t.wg.Wait()
	t.neg.Wait()
	t.g.Wait()
}

// Fine: the WaitGroup is handed to code that may call Done.

type handedGroup struct{ wg sync.WaitGroup }

func doWork(wg *sync.WaitGroup) { defer wg.Done() }

func (h *handedGroup) run() {
	h.wg.Add(1)
	go doWork(&h.wg)
	h.wg.Wait()
}

// Fine: nothing adds a count that Wait could wait for.

type uncounted struct{ wg sync.WaitGroup }

func (u *uncounted) add(n int) { u.wg.Add(n) }

func (u *uncounted) wait() { u.wg.Wait() }
