package afterstop

import (
	"context"
	"sync"
)

type Status struct{}

// node serves Status requests in run until Stop.
type node struct {
	status chan chan Status
	stop   chan struct{}
	done   chan struct{}
}

func newNode() *node {
	return &node{status: make(chan chan Status), stop: make(chan struct{}), done: make(chan struct{})}
}

func (n *node) run() {
	for {
		select {
		case c := <-n.status:
			c <- Status{}
		case <-n.stop:
			close(n.done)
			return
		}
	}
}

func (n *node) Stop() {
	select {
	case n.stop <- struct{}{}:
	case <-n.done:
		return
	}
	<-n.done
}

func (n *node) Status() Status {
	c := make(chan Status, 1)
	n.status <- c // want `send on n.status blocks forever once Stop has run: its receiver \(run, line \d+\) then leaves on <-n.stop, and serveAndStop starts Stop and Status in goroutines side by side on one value \(line \d+\)`
	return <-c
}

// Nothing orders Stop and Status: Stop may make run return first.
func serveAndStop() {
	n := newNode()
	go n.run()
	go n.Status()
	go n.Stop()
}

// peer is node again, for the look-alikes: a send is reported once.
type peer struct {
	status chan chan Status
	stop   chan struct{}
}

func newPeer() *peer {
	return &peer{status: make(chan chan Status), stop: make(chan struct{})}
}

func (p *peer) run() {
	for {
		select {
		case c := <-p.status:
			c <- Status{}
		case <-p.stop:
			return
		}
	}
}

func (p *peer) Stop() { p.stop <- struct{}{} }

func (p *peer) Status() Status {
	c := make(chan Status, 1)
	p.status <- c
	return <-c
}

// Fine: Status is called before Stop.
func statusThenStop() {
	p := newPeer()
	go p.run()
	p.Status()
	p.Stop()
}

// Fine: the status is asked of one peer, another is stopped.
func twoPeers() {
	a, b := newPeer(), newPeer()
	go a.run()
	go b.run()
	go b.Stop()
	go a.Status()
}

// Fine: the peer runs again by the time Status sends.
func restartPeer() {
	p := newPeer()
	go p.run()
	p.Stop()
	go p.run()
	p.Status()
}

// worker is the same component, called in order: Stop, then Flush.
type worker struct {
	flush chan struct{}
	quit  chan struct{}
}

func newWorker() *worker {
	w := &worker{flush: make(chan struct{}), quit: make(chan struct{})}
	go w.loop()
	return w
}

func (w *worker) loop() {
	for {
		select {
		case <-w.flush:
		case <-w.quit:
			return
		}
	}
}

func (w *worker) Close() { close(w.quit) }

func (w *worker) Flush() {
	w.flush <- struct{}{} // want `send on w.flush blocks forever once Close has run: its receiver \(loop, line \d+\) then leaves on <-w.quit, and shutdown calls Flush after Close on one value`
}

func shutdown() {
	w := newWorker()
	w.Close()
	w.Flush()
}

// guardedNode checks its stopped state, under the lock Stop takes, before
// it sends: after Stop, the send is skipped.
type guardedNode struct {
	mu      sync.Mutex
	stopped bool
	req     chan int
	quit    chan struct{}
}

func newGuardedNode() *guardedNode {
	g := &guardedNode{req: make(chan int), quit: make(chan struct{})}
	go g.loop()
	return g
}

func (g *guardedNode) loop() {
	for {
		select {
		case <-g.req:
		case <-g.quit:
			return
		}
	}
}

func (g *guardedNode) Stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.stopped = true
	close(g.quit)
}

// Fine: a stopped node sends nothing.
func (g *guardedNode) Do(v int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped {
		return
	}
	g.req <- v
}

func stopThenDo() {
	g := newGuardedNode()
	g.Stop()
	g.Do(1)
}

// selectNode sends in a select that gives up once the loop is done.
type selectNode struct {
	req  chan int
	quit chan struct{}
}

func newSelectNode() *selectNode {
	s := &selectNode{req: make(chan int), quit: make(chan struct{})}
	go s.loop()
	return s
}

func (s *selectNode) loop() {
	for {
		select {
		case <-s.req:
		case <-s.quit:
			return
		}
	}
}

func (s *selectNode) Stop() { close(s.quit) }

// Fine: the send gives up with the loop.
func (s *selectNode) Do(v int) {
	select {
	case s.req <- v:
	case <-s.quit:
	}
}

func stopThenSelect() {
	s := newSelectNode()
	s.Stop()
	s.Do(1)
}

// ctxNode leaves when its context is cancelled; no method of it stops it.
type ctxNode struct {
	req chan int
}

func (c *ctxNode) loop(ctx context.Context) {
	for {
		select {
		case <-c.req:
		case <-ctx.Done():
			return
		}
	}
}

func (c *ctxNode) Do(v int) { c.req <- v }

// Fine here: cancel is no method of the node (a send stranded by a
// cancelled loop is the audit rules' to guess).
func cancelThenDo() {
	ctx, cancel := context.WithCancel(context.Background())
	c := &ctxNode{req: make(chan int)}
	go c.loop(ctx)
	cancel()
	c.Do(1)
}

// service is the long-lived component of the audit rules: nothing in the
// package calls Submit after Stop.
type service struct {
	jobs chan int
	quit chan struct{}
}

func newService() *service {
	s := &service{jobs: make(chan int), quit: make(chan struct{})}
	go s.loop()
	return s
}

func (s *service) loop() {
	for {
		select {
		case <-s.jobs:
		case <-s.quit:
			return
		}
	}
}

func (s *service) Stop() { close(s.quit) }

// Fine by default: no code of the package sends after the stop.
func (s *service) Submit(v int) { s.jobs <- v }

func serve() {
	s := newService()
	defer s.Stop()
	s.Submit(1)
}
