package wgadd

import "sync"

// Adds ordered before every Wait by a handshake on a channel.

// A look-alike that is harmless: the goroutine adds, then tells its
// spawner it has started on an unbuffered channel, and the spawner waits
// for that right after the go statement, before it publishes the cacher
// that someone may destroy (and so Wait on) later. The Add happens before
// the receive, as it would before the go statement. From: seaweedfs
// weed/filer/reader_cache.go (SingleChunkCacher.startCaching).
type chunkCacher struct {
	sync.Mutex
	wg      sync.WaitGroup
	started chan struct{}
	data    []byte
}

func newChunkCacher() *chunkCacher {
	return &chunkCacher{started: make(chan struct{})}
}

func (c *chunkCacher) startCaching() {
	c.wg.Add(1)
	defer c.wg.Done()
	c.Lock()
	defer c.Unlock()
	c.started <- struct{}{}
	c.data = make([]byte, 8)
}

func (c *chunkCacher) destroy() { c.wg.Wait() }

type readerCache struct {
	downloaders map[string]*chunkCacher
}

func (rc *readerCache) maybeCache(id string) {
	cacher := newChunkCacher()
	go cacher.startCaching()
	<-cacher.started
	rc.downloaders[id] = cacher
}

// The Add comes after the handshake: the spawner goes on before it.
type lateCacher struct {
	wg      sync.WaitGroup
	started chan struct{}
}

func (c *lateCacher) run() {
	c.started <- struct{}{}
	c.wg.Add(1) // want `c.wg.Add inside the goroutine it counts races with c.wg.Wait`
	defer c.wg.Done()
}

func (c *lateCacher) destroy() { c.wg.Wait() }

func spawnLate(m map[string]*lateCacher) {
	c := &lateCacher{started: make(chan struct{})}
	go c.run()
	<-c.started
	m["k"] = c
}

// A buffered handshake channel is not taken as one: the send does not
// wait for the receive.
type bufferedCacher struct {
	wg      sync.WaitGroup
	started chan struct{}
}

func (c *bufferedCacher) run() {
	c.wg.Add(1) // want `c.wg.Add inside the goroutine it counts races with c.wg.Wait`
	defer c.wg.Done()
	c.started <- struct{}{}
}

func (c *bufferedCacher) destroy() { c.wg.Wait() }

func spawnBuffered(m map[string]*bufferedCacher) {
	c := &bufferedCacher{started: make(chan struct{}, 1)}
	go c.run()
	<-c.started
	m["k"] = c
}

// The spawner publishes the cacher before it receives: whoever finds it
// there may Wait before the Add.
type eagerCacher struct {
	wg      sync.WaitGroup
	started chan struct{}
}

func (c *eagerCacher) run() {
	c.wg.Add(1) // want `c.wg.Add inside the goroutine it counts races with c.wg.Wait`
	defer c.wg.Done()
	c.started <- struct{}{}
}

func (c *eagerCacher) destroy() { c.wg.Wait() }

func spawnEager(m map[string]*eagerCacher) {
	c := &eagerCacher{started: make(chan struct{})}
	go c.run()
	m["k"] = c
	<-c.started
}

// A look-alike that is harmless, the handshake the other way: the waiter
// sends on an unbuffered channel before it waits, and the only receive is
// the goroutine's, after its Add. The send cannot complete, nor the Wait
// start, before the Add. From: go-micro broker/rabbitmq/rabbitmq.go
// (subscriber.Unsubscribe and resubscribe).
type subscriber struct {
	wg      sync.WaitGroup
	unsub   chan bool
	autoAck bool
	msgs    chan string
}

func subscribe(msgs chan string) *subscriber {
	s := &subscriber{unsub: make(chan bool), msgs: msgs}
	go s.resubscribe()
	return s
}

func (s *subscriber) resubscribe() {
	s.wg.Add(1)
	defer s.wg.Done()
	for {
		select {
		case <-s.unsub:
			return
		case m := <-s.msgs:
			_ = m
		}
	}
}

func (s *subscriber) Unsubscribe() {
	s.unsub <- true
	if !s.autoAck {
		s.wg.Wait()
	}
}

// The same with a buffered channel: the send completes at once, and the
// Wait may run before the goroutine has added.
type bufferedSubscriber struct {
	wg    sync.WaitGroup
	unsub chan bool
}

func subscribeBuffered() *bufferedSubscriber {
	s := &bufferedSubscriber{unsub: make(chan bool, 1)}
	go s.resubscribe()
	return s
}

func (s *bufferedSubscriber) resubscribe() {
	s.wg.Add(1) // want `s.wg.Add inside the goroutine it counts races with s.wg.Wait`
	defer s.wg.Done()
	<-s.unsub
}

func (s *bufferedSubscriber) Unsubscribe() {
	s.unsub <- true
	s.wg.Wait()
}

// The handshake the other way, but one waiter does not send first: its
// Wait can run before the goroutine's Add.
type halfSubscriber struct {
	wg    sync.WaitGroup
	unsub chan bool
}

func subscribeHalf() *halfSubscriber {
	s := &halfSubscriber{unsub: make(chan bool)}
	go s.resubscribe()
	return s
}

func (s *halfSubscriber) resubscribe() {
	s.wg.Add(1) // want `s.wg.Add inside the goroutine it counts races with s.wg.Wait`
	defer s.wg.Done()
	<-s.unsub
}

func (s *halfSubscriber) Unsubscribe() {
	s.unsub <- true
	s.wg.Wait()
}

func (s *halfSubscriber) Drain() { s.wg.Wait() }
