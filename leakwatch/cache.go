package leakwatch

import (
	"sync"

	"github.com/leash-go/leash/internal/goroutines"
)

// A siteCache remembers, for each stack of leaked goroutines, the sites at
// which the latest dump found goroutines with that stack. A leaked goroutine
// never runs again: its go statement, its state and its stack stay what the
// dump read. So while the leak profile shows only stacks the cache knows, a
// check takes its counts from the profile and skips the dump, which stops
// the world for as long as the runtime takes to print every goroutine of the
// process: a service that has leaked, and leaks on at the same sites, pays
// for its dump once in refreshEvery checks at most, not at every check.
//
// Goroutines with a known stack that a different go statement started are
// what the profile cannot tell apart: while a known stack gains goroutines,
// a dump every refreshEvery checks catches them; a stack shared by the
// goroutines of several sites is read from a dump whenever its count
// changes. Leaks that no longer grow cost no dump at all, which matters
// most where dumps cost most: a dump of a million goroutines stops the world
// for seconds.
type siteCache struct {
	mu          sync.Mutex
	bySignature map[string]map[siteKey]int // goroutines of each stack at each site, as the latest dump counted them
	sites       map[siteKey]Site
	skipped     int // checks since the latest dump
}

// refreshEvery is how many checks in a row may skip the dump while a known
// stack gains goroutines.
const refreshEvery = 10

var cache siteCache

// covers reports whether the cache can tell the sites of the leaked
// goroutines that groups count, without a dump.
func (c *siteCache) covers(groups []goroutines.Group) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bySignature == nil {
		return false
	}
	grown := false
	for sig, n := range countBySignature(groups) {
		sites, ok := c.bySignature[sig]
		if !ok {
			return false
		}
		cached := 0
		for _, k := range sites {
			cached += k
		}
		if len(sites) > 1 && cached != n {
			return false
		}
		grown = grown || n > cached
	}
	return !grown || c.skipped < refreshEvery
}

// report returns the sites of the goroutines that groups count, read from
// the cache, which covers them.
func (c *siteCache) report(groups []goroutines.Group) []Site {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.skipped++
	t := newTally()
	for sig, n := range countBySignature(groups) {
		sites := c.bySignature[sig]
		for k, cached := range sites {
			if len(sites) == 1 {
				cached = n
			}
			s := c.sites[k]
			s.Count = 0
			if have := t.sites[k]; have != nil {
				have.Count += cached
			} else {
				s.Count = cached
				t.sites[k] = &s
			}
		}
	}
	return t.report(1)
}

// update replaces what the cache knows with what a check read from a dump.
func (c *siteCache) update(t *tally) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.skipped = 0
	c.bySignature = make(map[string]map[siteKey]int, len(t.bySignature))
	c.sites = make(map[siteKey]Site, len(t.sites))
	for sig, sites := range t.bySignature {
		c.bySignature[sig] = make(map[siteKey]int, len(sites))
		for k, n := range sites {
			c.bySignature[sig][k] = n
			c.sites[k] = *t.sites[k]
		}
	}
}

// reset empties the cache: the next check dumps.
func (c *siteCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bySignature, c.sites, c.skipped = nil, nil, 0
}

// countBySignature adds up the goroutines of groups by stack.
func countBySignature(groups []goroutines.Group) map[string]int {
	counts := make(map[string]int, len(groups))
	for _, g := range groups {
		counts[goroutines.Signature(g.Frames)] += g.Count
	}
	return counts
}
