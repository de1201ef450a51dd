package lockorder

import "sync"

// A read lock taken twice where no writer can get in between.

// Nothing in the package ever write-locks stats.mu.
type stats struct {
	mu    sync.RWMutex
	total int
}

func (s *stats) Total() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.total + s.extra()
}

func (s *stats) extra() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return 0
}

// A mutex that only this goroutine ever sees.
func uncontended(n int) {
	var mu sync.RWMutex
	for i := 0; i < n; i++ {
		mu.RLock()
		mu.RLock()
		mu.RUnlock()
		mu.RUnlock()
		mu.Lock()
		mu.Unlock()
	}
}

// A read transaction keeps the read lock until it ends; holding two is
// the caller's business.
type store struct {
	mu  sync.RWMutex
	rev int
}

type readTxn struct{ s *store }

func (s *store) Read() *readTxn {
	s.mu.RLock()
	return &readTxn{s}
}

func (t *readTxn) End() { t.s.mu.RUnlock() }

func (s *store) Compact() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rev = 0
}

func twoReads(s *store) {
	a := s.Read()
	b := s.Read()
	b.End()
	a.End()
}
