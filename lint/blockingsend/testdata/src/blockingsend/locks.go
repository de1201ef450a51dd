package blockingsend

import (
	"sync"
	"time"
)

type statusManager struct {
	mu       sync.Mutex
	statuses map[string]int
	updates  chan string
}

func newStatusManager() *statusManager {
	return &statusManager{statuses: map[string]int{}, updates: make(chan string)}
}

func (s *statusManager) Start() {
	go func() {
		for {
			s.syncOne()
		}
	}()
}

func (s *statusManager) syncOne() {
	pod := <-s.updates
	s.mu.Lock()
	delete(s.statuses, pod)
	s.mu.Unlock()
}

// The receiver takes s.mu after each receive: while this send waits, it
// can be stuck on the lock held here.
func (s *statusManager) SetStatus(pod string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statuses[pod] = v
	s.updates <- pod // want `send on s.updates while holding s.mu can block forever: its receiver \(syncOne, line \d+\) needs s.mu too; unlock before sending`
}

// The same through a helper.
func (s *statusManager) SetStatusVia(pod string, v int) {
	s.mu.Lock()
	s.statuses[pod] = v
	s.notify(pod) // want `call of notify while holding s.mu can block forever: it sends on s.updates \(line \d+\), and the other side \(syncOne, line \d+\) needs s.mu too`
	s.mu.Unlock()
}

func (s *statusManager) notify(pod string) { s.updates <- pod }

// Fine: the lock is released before the send.
func (s *statusManager) SetStatusUnlocked(pod string, v int) {
	s.mu.Lock()
	s.statuses[pod] = v
	s.mu.Unlock()
	s.updates <- pod
}

// Fine: a non-blocking send.
func (s *statusManager) TrySetStatus(pod string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case s.updates <- pod:
	default:
	}
}

// Fine: the helper hands the lock back before it sends.
func (s *statusManager) setAndUnlock(pod string) {
	s.mu.Unlock()
	s.updates <- pod
}

func (s *statusManager) SetStatusHandOff(pod string) {
	s.mu.Lock()
	s.setAndUnlock(pod)
}

type broadcaster struct {
	mu      sync.Mutex
	updatec chan int
	donec   chan struct{}
}

func newBroadcaster() *broadcaster {
	b := &broadcaster{updatec: make(chan int, 1), donec: make(chan struct{})}
	go func() {
		defer close(b.donec)
		for u := range b.updatec {
			b.coalesce(u)
		}
	}()
	return b
}

func (b *broadcaster) coalesce(int) {
	b.mu.Lock()
	b.mu.Unlock()
}

// The loop closes donec only after coalesce, which needs b.mu.
func (b *broadcaster) stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.updatec)
	<-b.donec // want `receive from b.donec while holding b.mu can block forever: its closer \(a function literal, line \d+\) needs b.mu too; unlock before waiting`
}

type logger struct {
	mu    sync.Mutex
	lines chan string
	other sync.Mutex
}

func (l *logger) writer() {
	for line := range l.lines {
		_ = line
	}
}

// Fine: the receiver never takes l.mu.
func (l *logger) Log(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines <- s
}

type bridge struct {
	mu    sync.Mutex
	conns map[*bridgeConn]bool
}

type bridgeConn struct{ donec chan struct{} }

func (bc *bridgeConn) Close() { <-bc.donec }

func (b *bridge) serve(bc *bridgeConn) {
	defer func() {
		close(bc.donec) // closed before the lock is taken
		b.mu.Lock()
		delete(b.conns, bc)
		b.mu.Unlock()
	}()
}

// Fine: serve closes donec before it takes b.mu.
func (b *bridge) DropConnections() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for bc := range b.conns {
		bc.Close()
	}
}

type wantConn struct {
	mu     sync.Mutex
	done   bool
	result chan int
}

func newWantConn() *wantConn { return &wantConn{result: make(chan int, 1)} }

func (w *wantConn) deliver(v int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
	w.result <- v
	close(w.result)
}

// Fine: a mailbox — the buffered value is put under the same lock, and
// done says it is there.
func (w *wantConn) cancel() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		<-w.result
	}
}

// A select under the lock is stuck only when the other side of every case
// needs the lock.

type poller struct {
	mu      sync.Mutex
	results chan int
	alerts  chan int
	stopped chan struct{}
	count   int
}

func newPoller() *poller {
	return &poller{results: make(chan int), alerts: make(chan int), stopped: make(chan struct{})}
}

func (p *poller) run() {
	go func() {
		for {
			r := <-p.results
			p.mu.Lock()
			p.count += r
			p.mu.Unlock()
		}
	}()
	go func() {
		for {
			a := <-p.alerts
			p.mu.Lock()
			p.count -= a
			p.mu.Unlock()
		}
	}()
}

func (p *poller) report(r int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	select { // want `select waits while holding p.mu: the goroutines that would make its cases ready \(a function literal, line \d+ for p.results\) need p.mu too`
	case p.results <- r:
	case p.alerts <- -r:
	}
}

func (p *poller) stop() { close(p.stopped) }

// Fine: the stopped channel's closer needs no lock, so that case can end
// the wait.
func (p *poller) reportOrStop(r int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case p.results <- r:
	case <-p.stopped:
	}
}

type dlWaiter struct{ errChan chan<- error }

type downloads struct {
	mu      sync.Mutex
	waiters []dlWaiter
}

// Fine: the waiter's channel is made and registered under the lock, so
// whoever answers it, holding the lock, answers a waiter already past it.
func (d *downloads) Download() error {
	d.mu.Lock()
	errChan := make(chan error)
	d.waiters = append(d.waiters, dlWaiter{errChan: errChan})
	d.mu.Unlock()
	return <-errChan
}

func (d *downloads) closeWaiters(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, w := range d.waiters {
		w.errChan <- err // want `send on w.errChan while holding d.mu can block forever: its receiver \(waitTwice, line \d+\) needs d.mu too`
	}
	d.waiters = nil
}

// Fine still when Download is called in a loop: each call waits on a
// channel of its own, made under the lock.
func downloadAll(d *downloads, n int) {
	for range n {
		d.Download()
	}
}

// A waiter that takes the lock again, round after round, before receiving
// from the channel it registered once: closeWaiters, holding the lock,
// blocks on the send while the waiter blocks on the lock.
func (d *downloads) waitTwice() {
	d.mu.Lock()
	errChan := make(chan error)
	d.waiters = append(d.waiters, dlWaiter{errChan: errChan})
	d.mu.Unlock()
	for range 2 {
		d.mu.Lock()
		d.mu.Unlock()
		<-errChan
	}
}

// A device guarded by a read lock for its lifetime and by a one-token
// channel for each exchange with it.
type device struct {
	state sync.RWMutex
	comms chan struct{}
	open  bool
}

func newDevice() *device {
	d := &device{comms: make(chan struct{}, 1)}
	d.comms <- struct{}{}
	return d
}

// Fine: whoever gives the token back took it after its own read lock and
// needs nothing the waiter holds to return it.
func (d *device) heartbeat() {
	d.state.RLock()
	defer d.state.RUnlock()
	<-d.comms
	d.comms <- struct{}{}
}

// Fine: the same, with the token given back by a deferred closure.
func (d *device) derive() {
	d.state.RLock()
	defer d.state.RUnlock()
	<-d.comms
	defer func() { d.comms <- struct{}{} }()
}

type listener struct {
	mu       sync.Mutex
	acceptCh chan int
	conns    map[int]bool
}

// Fine: Accept takes no lock to receive, so the send under the lock
// completes once it does; close, which needs the lock, never completes a
// send anyway.
func (l *listener) add(id int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.conns[id] = true
	l.acceptCh <- id
}

func (l *listener) Accept() (int, bool) {
	id, ok := <-l.acceptCh
	return id, ok
}

func (l *listener) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	close(l.acceptCh)
}

func newListener() *listener { return &listener{acceptCh: make(chan int), conns: map[int]bool{}} }

// A look-alike that is harmless: the helper the streamer is asked through
// unlocks the client's mutex, reached from the streamer (s.client.mu),
// before the send. From: cubefs sdk/data/stream/extent_client.go:631
// (IssueEvictRequest unlocks s.client.streamerLock).
type extentClient struct {
	mu        sync.Mutex
	streamers map[int]*streamer
}

type streamer struct {
	client *extentClient
	done   chan struct{}
	tick   chan struct{}
}

func (c *extentClient) Open(id int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := &streamer{client: c, done: make(chan struct{}), tick: make(chan struct{})}
	c.streamers[id] = s
	go s.serve()
}

func (s *streamer) serve() {
	for {
		select {
		case <-s.done:
			return
		case <-s.tick:
			s.client.mu.Lock()
			s.client.mu.Unlock()
		}
	}
}

func (s *streamer) handOver() {
	s.client.mu.Unlock()
}

func (c *extentClient) Evict(id int) {
	c.mu.Lock()
	s, ok := c.streamers[id]
	if !ok {
		c.mu.Unlock()
		return
	}
	s.handOver()
	s.done <- struct{}{}
}

// The same with the send before the hand-over: the streamer may be waiting
// for c.mu in its tick case.
func (c *extentClient) EvictHolding(id int) {
	c.mu.Lock()
	s, ok := c.streamers[id]
	if !ok {
		c.mu.Unlock()
		return
	}
	s.done <- struct{}{} // want `send on s.done while holding c.mu can block forever`
	s.handOver()
}

// An id pool whose takers announce themselves under the lock (need++)
// and then wait without it; a giver sends only when someone announced:
// the taker it waits for is already past the lock.
type idPool struct {
	sync.Mutex
	free  []uint32
	need  int
	nchan chan uint32
}

func (p *idPool) get() uint32 {
	p.Lock()
	if len(p.free) == 0 {
		p.need++
		p.Unlock()
		return <-p.nchan
	}
	id := p.free[0]
	p.free = p.free[1:]
	p.Unlock()
	return id
}

func (p *idPool) put(id uint32) {
	p.Lock()
	if p.need > 0 {
		p.nchan <- id
		p.need--
		p.Unlock()
		return
	}
	p.free = append(p.free, id)
	p.Unlock()
}

// The look-alike: the guard is a count the taker does not write, so the
// taker may still be on its way to the lock.
type idPoolUnannounced struct {
	sync.Mutex
	free    []uint32
	waiting int
	nchan   chan uint32
}

func (p *idPoolUnannounced) get() uint32 {
	p.Lock()
	if len(p.free) == 0 {
		p.Unlock()
		return <-p.nchan
	}
	id := p.free[0]
	p.free = p.free[1:]
	p.Unlock()
	return id
}

func (p *idPoolUnannounced) put(id uint32) {
	p.Lock()
	if p.waiting > 0 {
		p.nchan <- id // want `send on p.nchan while holding p.Mutex can block forever`
		p.waiting--
		p.Unlock()
		return
	}
	p.free = append(p.free, id)
	p.Unlock()
}

func newIDPools() (*idPool, *idPoolUnannounced) {
	return &idPool{nchan: make(chan uint32)}, &idPoolUnannounced{nchan: make(chan uint32)}
}

func (p *idPool) getAll(n int) (ids []uint32) {
	for range n {
		ids = append(ids, p.get())
	}
	return ids
}

func (p *idPoolUnannounced) getAll(n int) (ids []uint32) {
	for range n {
		ids = append(ids, p.get())
	}
	return ids
}

// An ack table: each waiter puts its own channel in the table under the
// lock and waits for it without the lock; an acker finds the channel in
// the table under the lock, so the waiter it sends to is already past it.
type ackTable struct {
	mu   sync.Mutex
	acks map[int]*pendingAck
}

type pendingAck struct {
	id int
	ch chan bool
}

func (t *ackTable) wait(id int) bool {
	ch := make(chan bool)
	t.mu.Lock()
	t.acks[id] = &pendingAck{id, ch}
	t.mu.Unlock()
	return <-ch
}

func (t *ackTable) ack(ids []int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, id := range ids {
		if p := t.acks[id]; p != nil {
			p.ch <- true
			delete(t.acks, id)
		}
	}
}

// The look-alike: the waiter puts its channel in the table but keeps the
// lock while it waits, so the acker can never get to it.
type ackTableHeld struct {
	mu   sync.Mutex
	acks map[int]*pendingAck
}

func (t *ackTableHeld) wait(id int) bool {
	ch := make(chan bool)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.acks[id] = &pendingAck{id, ch}
	return <-ch
}

func (t *ackTableHeld) ack(ids []int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, id := range ids {
		if p := t.acks[id]; p != nil {
			p.ch <- true // want `send on p.ch while holding t.mu can block forever`
			delete(t.acks, id)
		}
	}
}

func useAckTables(id int) (bool, bool) {
	a := &ackTable{acks: make(map[int]*pendingAck)}
	b := &ackTableHeld{acks: make(map[int]*pendingAck)}
	go a.ack([]int{id})
	go b.ack([]int{id})
	return a.wait(id), b.wait(id)
}

// A ticker whose halt hands its goroutine a token under the lock, then
// lets the lock go and waits for the answer: the goroutine answers under
// the lock only after taking the token, so the halt it answers is already
// past the lock and waiting.
type ticking struct {
	mu      sync.Mutex
	running bool
	halt    chan struct{}
	halted  chan struct{}
	frames  int
}

func (t *ticking) start(tick <-chan time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.running = true
	go func() {
		for {
			select {
			case <-t.halt:
				func() {
					t.mu.Lock()
					defer t.mu.Unlock()
					t.running = false
					t.halted <- struct{}{}
				}()
				return
			case <-tick:
				t.mu.Lock()
				t.frames++
				t.mu.Unlock()
			}
		}
	}()
}

func (t *ticking) stop() {
	t.mu.Lock()
	if !t.running {
		t.mu.Unlock()
		return
	}
	t.halt <- struct{}{}
	t.mu.Unlock()
	<-t.halted
}

// The look-alike: the halt keeps the lock while it waits for the answer,
// so the goroutine that took its token can never answer.
type tickingHeld struct {
	mu     sync.Mutex
	halt   chan struct{}
	halted chan struct{}
}

func (t *tickingHeld) start() {
	go func() {
		<-t.halt
		t.mu.Lock()
		defer t.mu.Unlock()
		t.halted <- struct{}{} // want `send on t.halted while holding t.mu can block forever`
	}()
}

func (t *tickingHeld) stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.halt <- struct{}{}
	<-t.halted // want `receive from t.halted while holding t.mu can block forever`
}

// Another look-alike: the token is handed by one method and the answer
// awaited by another, which takes the lock on its way and has announced
// nothing.
type tickingSplit struct {
	mu     sync.Mutex
	halt   chan struct{}
	halted chan struct{}
}

func (t *tickingSplit) start() {
	go func() {
		<-t.halt
		t.mu.Lock()
		defer t.mu.Unlock()
		t.halted <- struct{}{} // want `send on t.halted while holding t.mu can block forever`
	}()
}

func (t *tickingSplit) signal() {
	t.mu.Lock()
	t.halt <- struct{}{}
	t.mu.Unlock()
}

func (t *tickingSplit) await() {
	t.mu.Lock()
	t.mu.Unlock()
	<-t.halted
}

func useTickers(tick <-chan time.Time) {
	a := &ticking{halt: make(chan struct{}, 1), halted: make(chan struct{})}
	a.start(tick)
	a.stop()
	b := &tickingHeld{halt: make(chan struct{}, 1), halted: make(chan struct{})}
	b.start()
	b.stop()
	c := &tickingSplit{halt: make(chan struct{}, 1), halted: make(chan struct{})}
	c.start()
	c.signal()
	c.await()
}
