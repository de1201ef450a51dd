package lockorder

import "sync"

// A Cond's L is the mutex the Cond was made with.

type buffer struct {
	mu       sync.Mutex
	nonEmpty *sync.Cond
	items    []int
}

func newBuffer() *buffer {
	b := &buffer{}
	b.nonEmpty = sync.NewCond(&b.mu)
	return b
}

func (b *buffer) put(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.nonEmpty.L.Lock() // want `b.mu locked again while this goroutine holds it`
	b.items = append(b.items, v)
	b.nonEmpty.L.Unlock()
	b.nonEmpty.Signal()
}

// Fine: the usual shape, through L alone.
func (b *buffer) take() int {
	b.nonEmpty.L.Lock()
	defer b.nonEmpty.L.Unlock()
	for len(b.items) == 0 {
		b.nonEmpty.Wait()
	}
	v := b.items[0]
	b.items = b.items[1:]
	return v
}

// A Cond made with RLocker: L.Lock is a read lock, and a read lock taken
// again under it deadlocks once a writer, here the goroutine start starts,
// queues in between.

type executor struct {
	configCond *sync.Cond
	configMu   sync.RWMutex
}

func (e *executor) start() {
	e.configCond = sync.NewCond(e.configMu.RLocker())
	go e.update()
}

func (e *executor) Exec() {
	e.configCond.L.Lock()
	defer e.configCond.L.Unlock()
	e.databaseCache() // want `databaseCache read-locks e.configMu`
}

func (e *executor) databaseCache() {
	e.configMu.RLock()
	defer e.configMu.RUnlock()
}

func (e *executor) update() {
	e.configMu.Lock()
	defer e.configMu.Unlock()
}

// Fine: a Cond made with another value's mutex, or in a composite
// literal, is not known to lock this value's.

type shared struct{ mu sync.Mutex }

type follower struct {
	mu    sync.Mutex
	cond  *sync.Cond
	other *sync.Cond
}

func newFollower(s *shared) *follower {
	f := &follower{other: sync.NewCond(&sync.Mutex{})}
	f.cond = sync.NewCond(&s.mu)
	return f
}

func (f *follower) wait() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cond.L.Lock()
	f.cond.L.Unlock()
	f.other.L.Lock()
	f.other.L.Unlock()
}

// Fine: the Cond is made with the embedding struct's mutex, not with the
// mutex of the struct that declares the Cond.

type inner struct {
	mu    sync.Mutex
	ready *sync.Cond
}

type outer struct {
	inner
	mu sync.Mutex
}

func newOuter() *outer {
	o := &outer{}
	o.ready = sync.NewCond(&o.mu)
	return o
}

func (in *inner) bump() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.ready.L.Lock()
	in.ready.L.Unlock()
}

// Fine: L replaced after the Cond was made.

type swapped struct {
	mu, other sync.Mutex
	cond      *sync.Cond
}

func newSwapped() *swapped {
	s := &swapped{}
	s.cond = sync.NewCond(&s.mu)
	s.cond.L = &s.other
	return s
}

func (s *swapped) both() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cond.L.Lock()
	s.cond.L.Unlock()
}
