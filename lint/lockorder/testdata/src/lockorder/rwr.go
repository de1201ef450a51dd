package lockorder

import (
	"math/rand"
	"sync"
)

// Recursive read locks: harmless until a writer queues between them.

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

func (s *cpuState) SetDefault(v int) {
	s.Lock()
	defer s.Unlock()
	s.defaultSet = v
}

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
