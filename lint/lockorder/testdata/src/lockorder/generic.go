package lockorder

import "sync"

// Generic types and functions are followed like any other.

type lru[K comparable, V any] struct {
	mu    sync.Mutex
	items map[K]V
}

func (c *lru[K, V]) Put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Len() > 100 { // want `Len locks c.mu`
		clear(c.items)
	}
	c.items[k] = v
}

func (c *lru[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

func evict[K comparable, V any](c *lru[K, V], k K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, k)
}

func putIfAbsent[K comparable, V any](c *lru[K, V], k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[k]; ok {
		evict(c, k) // want `evict locks c.mu`
	}
}

func useLRU() {
	c := &lru[string, int]{items: map[string]int{}}
	c.Put("a", 1)
	putIfAbsent(c, "b", 2)
}
