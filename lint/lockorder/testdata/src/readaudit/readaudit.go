package readaudit

import (
	"math/rand"
	"sync"
)

// Recursive read locks whose writer the package does not show running at
// the same time as the reader: a writer that calls Lock in between would
// deadlock both, but nothing here says one can. Reported only with
// -lockorder.audit.

type cpuState struct {
	sync.RWMutex
	assignments map[string]int
	defaultSet  int
}

func (s *cpuState) GetOrDefault(id string) int {
	s.RLock()
	defer s.RUnlock()
	if v, ok := s.get(id); ok { // want `get read-locks s.RWMutex \(line \d+\) while this goroutine holds it \(locked at line \d+\): a writer that calls Lock in between`
		return v
	}
	return s.defaultSet
}

func (s *cpuState) get(id string) (int, bool) {
	s.RLock()
	defer s.RUnlock()
	v, ok := s.assignments[id]
	return v, ok && rand.Intn(2) == 0
}

// SetDefault is exported, as GetOrDefault is: their users may call both
// from one goroutine.
func (s *cpuState) SetDefault(v int) {
	s.Lock()
	defer s.Unlock()
	s.defaultSet = v
}

// One function reads twice, then writes: alone, it cannot deadlock.
type rangeCache struct {
	mu     sync.RWMutex
	ranges []string
}

func (c *rangeCache) Lookup() {
	c.mu.RLock()
	n := len(c.ranges)
	c.mu.RLock() // want `c.mu read-locked again while this goroutine holds it \(locked at line \d+\): a writer that calls Lock in between`
	_ = n
	c.mu.RUnlock()
	c.mu.RUnlock()
	c.mu.Lock()
	c.ranges = nil
	c.mu.Unlock()
}

// Setters called while a value is set up, before it is shared, and a
// getter that reads under its own read lock (a cluster client's local
// node address and version).
type client struct {
	localMu      sync.RWMutex
	localAddr    string
	localVersion string
}

func (c *client) SetLocal(addr string) {
	c.localMu.Lock()
	defer c.localMu.Unlock()
	c.localAddr = addr
}

func (c *client) SetLocalVersion(v string) {
	c.localMu.Lock()
	defer c.localMu.Unlock()
	c.localVersion = v
}

func (c *client) LocalVersion() string {
	c.localMu.RLock()
	defer c.localMu.RUnlock()
	return c.localVersion
}

func (c *client) NodeMeta(addr string) (string, bool) {
	c.localMu.RLock()
	defer c.localMu.RUnlock()
	if c.localAddr == addr {
		return c.LocalVersion(), true // want `LocalVersion read-locks c.localMu`
	}
	return "", false
}

// Every reader and writer runs on one event-loop goroutine: no writer can
// come between the two read locks.
type batches struct {
	l          sync.RWMutex
	containers map[string][]byte
}

func (b *batches) add(key string, v []byte) {
	b.l.Lock()
	defer b.l.Unlock()
	b.containers[key] = v
}

func (b *batches) reset() {
	b.l.RLock()
	defer b.l.RUnlock()
	clear(b.containers)
}

func (b *batches) flush() int {
	b.l.RLock()
	defer b.l.RUnlock()
	n := len(b.containers)
	b.reset() // want `reset read-locks b.l`
	return n
}

type producer struct {
	events chan string
	b      *batches
}

func newProducer() *producer {
	p := &producer{events: make(chan string), b: &batches{containers: make(map[string][]byte)}}
	go p.loop()
	return p
}

func (p *producer) loop() {
	for key := range p.events {
		if key == "" {
			p.b.flush()
			continue
		}
		p.b.add(key, nil)
	}
}

// The writers run where the package calls them through an interface,
// which the check does not follow.
type quiescer interface{ Recv() }

type quiescerLive struct {
	sync.RWMutex
	received bool
}

func (q *quiescerLive) Recv() {
	q.Lock()
	defer q.Unlock()
	q.received = true
}

func (q *quiescerLive) NeedStfu() bool {
	q.RLock()
	defer q.RUnlock()
	return q.needStfu() // want `needStfu read-locks q.RWMutex`
}

func (q *quiescerLive) needStfu() bool {
	q.RLock()
	defer q.RUnlock()
	return !q.received
}

type link struct{ q quiescer }

func (l *link) start() {
	go func() {
		for {
			l.q.Recv()
		}
	}()
}

// A writer started only by the tests does not make the package's own
// reader report: a package and its test variant report the same.
type registry struct {
	mu    sync.RWMutex
	names []string
}

func (r *registry) Register(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names = append(r.names, name)
}

func (r *registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]string(nil), r.names[:r.count()]...) // want `count read-locks r.mu`
}

func (r *registry) count() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.names)
}
