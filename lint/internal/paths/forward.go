package paths

import (
	"go/ast"
)

// A Flow is what a check brings to Forward: a state that holds on every
// path into a block, how nodes and edges change it, and how the states of
// two paths meet.
type Flow[S any] struct {
	// Node applies one node to s, which it may change in place, and
	// returns the state after it.
	Node func(n ast.Node, s S) S
	// Edge applies an edge to a copy of the state at the end of its
	// source; nil leaves it as it is. When ok is false no path takes the
	// edge.
	Edge func(e Edge, s S) (next S, ok bool)
	// Join merges in into the state of a block already reached and reports
	// whether that changed it.
	Join func(into *S, in S) (changed bool)
	// Clone copies a state so that Node can change it in place.
	Clone func(S) S
}

// Forward computes, for every block of g, the state on entry to it: init
// at the entry, and the join of the states every path brings. The second
// result says which blocks a path reaches. The lattice must be of finite
// height; Forward stops after a bounded number of steps regardless, so
// that a mistake cannot hang a check on real code.
func Forward[S any](g *Graph, init S, f Flow[S]) (in []S, reached []bool) {
	n := len(g.CFG.Blocks)
	in = make([]S, n)
	reached = make([]bool, n)
	if n == 0 {
		return in, reached
	}
	in[0], reached[0] = init, true
	work := []int32{0}
	queued := make([]bool, n)
	queued[0] = true
	for steps := 0; len(work) > 0 && steps < 64*n+64; steps++ {
		i := work[0]
		work = work[1:]
		queued[i] = false
		b := g.CFG.Blocks[i]
		out := f.Clone(in[i])
		for _, node := range g.Nodes(b) {
			out = f.Node(node, out)
		}
		for _, e := range g.Edges(b) {
			s := out
			if f.Edge != nil {
				var ok bool
				if s, ok = f.Edge(e, f.Clone(out)); !ok {
					continue
				}
			}
			j := e.To.Index
			switch {
			case !reached[j]:
				in[j], reached[j] = f.Clone(s), true
			case !f.Join(&in[j], s):
				continue
			}
			if !queued[j] {
				queued[j] = true
				work = append(work, j)
			}
		}
	}
	return in, reached
}

// Replay runs the nodes of every reached block once more from the states
// Forward computed and calls visit with each node and the state just
// before it: where a check reports.
func Replay[S any](g *Graph, in []S, reached []bool, f Flow[S], visit func(n ast.Node, before S)) {
	for i, b := range g.CFG.Blocks {
		if !reached[i] {
			continue
		}
		s := f.Clone(in[i])
		for _, n := range g.Nodes(b) {
			visit(n, s)
			s = f.Node(n, s)
		}
	}
}
