package held

import "sync"

type store struct {
	mu   sync.Mutex
	data map[string]int
}

// lock is a helper that returns holding s.mu.
func (s *store) lock() { s.mu.Lock() }

func (s *store) get(k string) int {
	s.lock()
	v := s.data[k] // want `held: s.mu`
	s.mu.Unlock()
	_ = v // want `held: none`
	return v
}

func (s *store) set(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v < 0 {
		return // want `held: s.mu`
	}
	s.data[k] = v // want `held: s.mu`
}

func (s *store) maybe(k string, v int) {
	if s.mu.TryLock() {
		s.data[k] = v // want `held: s.mu`
		s.mu.Unlock()
	}
	_ = v // want `held: none`
}
