package lockorder

import (
	"math/rand"
	"sync"
	"time"
)

// Recursive read locks: harmless until a writer queues between them, and
// the package shows one that can: a writer running in a goroutine the
// package starts, a reader running in one while the writer is the
// package's API, or a goroutine started many times that does both.

type cpuState struct {
	sync.RWMutex
	assignments map[string]int
	defaultSet  int
}

func newCPUState() *cpuState {
	s := &cpuState{assignments: make(map[string]int)}
	go s.rebalance()
	return s
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

func (s *cpuState) rebalance() {
	for range time.Tick(time.Second) {
		s.setDefault(rand.Intn(4))
	}
}

func (s *cpuState) setDefault(v int) {
	s.Lock()
	defer s.Unlock()
	s.defaultSet = v
}

// Lookup reads twice, then writes; the package runs it in many goroutines
// at once, so one's Lock can come between another's read locks.
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

func lookupAll(c *rangeCache, n int) {
	for range n {
		go c.Lookup()
	}
}

// The reader is the package's own goroutine; the writer, its API, which
// users call whenever they like.
type watcher struct {
	mu    sync.RWMutex
	paths []string
}

func (w *watcher) Start() {
	go w.poll()
}

func (w *watcher) poll() {
	for range time.Tick(time.Second) {
		w.mu.RLock()
		for i := range w.paths {
			w.stat(i) // want `stat read-locks w.mu \(line \d+\) while this goroutine holds it`
		}
		w.mu.RUnlock()
	}
}

func (w *watcher) stat(i int) string {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.paths[i]
}

func (w *watcher) Add(path string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.paths = append(w.paths, path)
}

// A read lock a path back to the top of the loop keeps, while the package
// runs a writer in a goroutine of its own.
type gauges struct {
	mu     sync.RWMutex
	values map[string]float64
}

func (g *gauges) Sum(keys []string) float64 {
	var sum float64
	for _, k := range keys {
		g.mu.RLock() // want `g.mu is read-locked again in the next iteration while still held`
		v, ok := g.values[k]
		if !ok {
			continue
		}
		sum += v
		g.mu.RUnlock()
	}
	return sum
}

func (g *gauges) Collect() {
	go func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		g.values = make(map[string]float64)
	}()
}
