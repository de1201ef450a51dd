package paths

import (
	"go/ast"
)

// A Walk is what a check brings to Search: how the nodes and edges of a
// path change its state. S must be small and comparable: paths that reach
// a block with the same state are followed once.
type Walk[S comparable] struct {
	// Node applies one node. When ok is false the path goes no further (it
	// blocks for good, or the check has no interest in it).
	Node func(n ast.Node, s S) (next S, ok bool)
	// Edge applies an edge before its target's nodes; nil leaves the state
	// as it is. When ok is false the path goes no further.
	Edge func(e Edge, s S) (next S, ok bool)
}

// A Step is a place on a path where the state changed: a node, or an edge
// (Node nil).
type Step[S comparable] struct {
	Node          ast.Node
	Edge          Edge
	Before, After S
}

// A Path is a witness: a way from the function's entry to one of its
// returns, given by the steps that changed the state.
type Path[S comparable] struct {
	Steps []Step[S]
	// Exit is the return reached; for the return go/cfg adds at the end of
	// a body that falls off it, only its position (the closing brace) is
	// set.
	Exit  *ast.ReturnStmt
	State S // at Exit, after it
}

// maxStates bounds a Search; a function with more distinct states than
// this is given up on, and Search reports it incomplete.
const maxStates = 1 << 14

type key[S comparable] struct {
	block   int32
	s       S
	iters   [maxCounted]uint8
	latched uint8 // the latches set (see latches)
}

type entry[S comparable] struct {
	key    key[S]
	parent int // -1 at the entry block
	steps  []Step[S]
}

// Search follows the paths of g from its entry with the state init and
// calls found at each return reached with a state not seen there before,
// with the path that got there. found returning true ends the search.
// complete is false when the search gave up because the function has too
// many states: a check should then say nothing.
func Search[S comparable](g *Graph, init S, w Walk[S], found func(*Path[S]) bool) (complete bool) {
	if len(g.CFG.Blocks) == 0 {
		return true
	}
	entries := []entry[S]{{key: key[S]{block: 0, s: init}, parent: -1}}
	seen := map[key[S]]bool{entries[0].key: true}
	exits := make(map[key[S]]bool)
	for i := 0; i < len(entries); i++ {
		if len(entries) > maxStates {
			return false
		}
		e := entries[i]
		b := g.CFG.Blocks[e.key.block]
		s, latched := e.key.s, e.key.latched
		var steps []Step[S]
		ok := true
		for _, n := range g.Nodes(b) {
			latched = g.latch.latched(n, latched)
			next, goes := w.Node(n, s)
			if next != s {
				steps = append(steps, Step[S]{Node: n, Before: s, After: next})
			}
			s = next
			if !goes {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if ret := Exit(b); ret != nil {
			k := key[S]{block: b.Index, s: s}
			if exits[k] {
				continue
			}
			exits[k] = true
			p := &Path[S]{Exit: ret, State: s}
			p.Steps = append(path(entries, i), steps...)
			if found(p) {
				return true
			}
			continue
		}
		for _, ed := range g.Edges(b) {
			iters, can := g.step(ed, e.key.iters)
			if !can || !g.latch.allows(ed, latched) {
				continue
			}
			next := s
			var es []Step[S]
			if w.Edge != nil {
				var goes bool
				next, goes = w.Edge(ed, s)
				if next != s {
					es = []Step[S]{{Edge: ed, Before: s, After: next}}
				}
				if !goes {
					continue
				}
			}
			k := key[S]{block: ed.To.Index, s: next, iters: iters, latched: latched}
			if seen[k] {
				continue
			}
			seen[k] = true
			all := steps
			if len(es) > 0 {
				all = append(append([]Step[S](nil), steps...), es...)
			}
			entries = append(entries, entry[S]{key: k, parent: i, steps: all})
		}
	}
	return true
}

// path returns the steps from the entry to the start of entries[i].
func path[S comparable](entries []entry[S], i int) []Step[S] {
	var chain []int
	for j := i; j >= 0; j = entries[j].parent {
		chain = append(chain, j)
	}
	var out []Step[S]
	for k := len(chain) - 1; k >= 0; k-- {
		out = append(out, entries[chain[k]].steps...)
	}
	return out
}

// step applies an edge to the counters of the loops with a constant trip
// count; can is false when the edge would run such a loop more or fewer
// times than its count.
func (g *Graph) step(e Edge, iters [maxCounted]uint8) (_ [maxCounted]uint8, can bool) {
	if t, ok := g.trips[e.From.Index]; ok {
		switch e.Kind {
		case LoopBody:
			if int(iters[t.counter]) >= t.n {
				return iters, false
			}
			iters[t.counter]++
		case LoopEnd:
			if int(iters[t.counter]) != t.n {
				return iters, false
			}
		}
	}
	if h, ok := g.dones[e.To.Index]; ok {
		iters[g.trips[h].counter] = 0
	}
	return iters, true
}
