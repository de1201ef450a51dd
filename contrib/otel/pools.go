package otel

import (
	"maps"
	"sync"
	"sync/atomic"
)

// pools holds the metrics of each pool, resolved once per pool name so that
// an event costs a map lookup and a few atomic additions, and allocates
// nothing.
//
// Events far outnumber pools, which a program names with a handful of
// constants, so the map is never changed: adding a pool replaces it with a
// copy, and readers take no lock.
type pools struct {
	mu      sync.Mutex // held to add a pool
	byName  atomic.Pointer[map[string]*pool]
	resolve func(name string) *pool
}

// get returns the metrics of the pool called name, resolving them on the
// pool's first event.
func (ps *pools) get(name string) *pool {
	if p, ok := ps.all()[name]; ok {
		return p
	}
	return ps.add(name)
}

// all returns every pool seen so far. The map must not be changed.
func (ps *pools) all() map[string]*pool {
	if m := ps.byName.Load(); m != nil {
		return *m
	}
	return nil
}

func (ps *pools) add(name string) *pool {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	old := ps.all()
	if p, ok := old[name]; ok {
		return p // added by another goroutine while this one waited
	}
	m := make(map[string]*pool, len(old)+1)
	maps.Copy(m, old)
	p := ps.resolve(name)
	m[name] = p
	ps.byName.Store(&m)
	return p
}
