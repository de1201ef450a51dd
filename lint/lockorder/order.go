package lockorder

import (
	"fmt"
	"go/token"
	"slices"
	"sort"
)

// An edge is one place where a mutex of class to is locked while one of
// class from is held: the lock order from → to.
type edge struct {
	from, to         lockClass
	fromRead, toRead bool
	site             token.Pos // the Lock, or the call that leads to it
	fn               string    // the function of site
	heldText, text   string    // the two mutexes as spelt where they are locked
	at               token.Pos // the Lock of to: site, or in a callee
	atFn             string
	gates            []string  // classes of the other mutexes held at site
	in               *funcInfo // the function of site
}

// addEdges records the lock order at site: l is locked while everything
// in st.must is held, except what the callee releases first, a value the
// function has just made, and a mutex handed to another goroutine. Tests
// are left out: they lock a component's mutexes to look inside it while
// it is idle, in whatever order suits them.
func (w *walker) addEdges(st *state, site token.Pos, l locking) {
	if !order || !l.class.valid() || w.c.inTest(site) {
		return
	}
	held := slices.DeleteFunc(slices.Clone(st.must), func(h hold) bool {
		return l.releasedBefore(h.key) || w.fi.fresh[h.ref.root] || w.handedOver(h.key)
	})
	classes := make([]lockClass, len(held))
	for i, h := range held {
		classes[i] = h.ref.class()
	}
	for i, h := range held {
		from := classes[i]
		if !from.valid() || from.key == l.class.key {
			continue
		}
		e := edge{from: from, to: l.class, fromRead: h.read, toRead: l.read, site: site, fn: w.c.funcName(site),
			heldText: display(h.ref), text: l.text, at: l.at, atFn: l.fn, in: w.fi}
		for j, g := range classes {
			if j != i && g.valid() && g.key != l.class.key {
				e.gates = append(e.gates, g.key)
			}
		}
		w.c.edges = append(w.c.edges, e)
	}
}

// reportOrders reports each pair of classes locked in both orders, once,
// at the first site of one order, naming a site of the other. Orders
// taken under a common third mutex cannot interleave and do not count,
// nor do pairs of read locks only.
func (c *checker) reportOrders() {
	type pair struct{ a, b string }
	byPair := make(map[pair][]edge)
	for _, e := range c.edges {
		p := pair{e.from.key, e.to.key}
		byPair[p] = append(byPair[p], e)
	}
	var pairs []pair
	for p := range byPair {
		if p.a < p.b && len(byPair[pair{p.b, p.a}]) > 0 {
			pairs = append(pairs, p)
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		return pairs[i].a < pairs[j].a || pairs[i].a == pairs[j].a && pairs[i].b < pairs[j].b
	})
	gates := func(e *edge) []string { return slices.Concat(e.gates, c.entryHeld(e.in)) }
	for _, p := range pairs {
		var best [2]*edge
		for i := range byPair[p] {
			for j := range byPair[pair{p.b, p.a}] {
				e1, e2 := &byPair[p][i], &byPair[pair{p.b, p.a}][j]
				if e1.fromRead && e1.toRead && e2.fromRead && e2.toRead {
					continue
				}
				g2 := gates(e2)
				if slices.ContainsFunc(gates(e1), func(g string) bool { return g != p.a && g != p.b && slices.Contains(g2, g) }) {
					continue
				}
				if e2.site < e1.site {
					e1, e2 = e2, e1
				}
				if best[0] == nil || e1.site < best[0].site || e1.site == best[0].site && e2.site < best[1].site {
					best = [2]*edge{e1, e2}
				}
			}
		}
		if best[0] == nil {
			continue
		}
		e1, e2 := best[0], best[1]
		c.report(e1.site, fmt.Sprintf("%s (%s) %s while %s (%s) is held, but %s takes them the other way round (%s): two goroutines doing both deadlock; lock them in one order everywhere",
			e1.text, e1.to.name, c.lockedWhere(e1.site, e1.at, e1.atFn), e1.heldText, e1.from.name, e2.fn, c.where(e2.site, e1.site)))
	}
}
