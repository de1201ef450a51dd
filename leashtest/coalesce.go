package leashtest

import "sync"

// A coalescer shares one expensive collection (a goroutine dump, a leak
// detection GC) among every caller that asks for it at about the same time.
//
// A caller must see the world as it was after it asked: a collection that was
// already running when it asked may have looked too early, so it waits for the
// next one. Callers that arrive while a collection runs all share that next
// one, so n concurrent checks cost at most two collections, not n.
type coalescer[T any] struct {
	collect func() T

	mu       sync.Mutex
	cond     sync.Cond
	running  bool
	started  uint64 // collections started so far
	finished uint64 // sequence number of the last finished collection
	last     T      // its result
}

func newCoalescer[T any](collect func() T) *coalescer[T] {
	c := &coalescer[T]{collect: collect}
	c.cond.L = &c.mu
	return c
}

// get returns the result of a collection that started after get was called.
func (c *coalescer[T]) get() T {
	c.mu.Lock()
	target := c.started + 1
	for c.finished < target {
		if c.running {
			c.cond.Wait()
			continue
		}
		c.running = true
		c.started++
		seq := c.started
		c.mu.Unlock()
		result, panicked := c.run()
		c.mu.Lock()
		c.running = false
		c.cond.Broadcast()
		if panicked != nil {
			// The waiters start a collection of their own.
			c.mu.Unlock()
			panic(panicked)
		}
		c.finished = seq
		c.last = result
	}
	result := c.last
	c.mu.Unlock()
	return result
}

func (c *coalescer[T]) run() (result T, panicked any) {
	defer func() { panicked = recover() }()
	return c.collect(), nil
}

// collections returns how many collections have started so far.
func (c *coalescer[T]) collections() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.started
}
