package locks

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/cfg"
)

// onEveryPath reports whether every path from the function's entry to a
// return passes the node at pos. A Lock there, or a call that certainly
// locks, happens whenever the function is called; one behind a condition,
// in a loop that may run no round, or after an early return happens only
// when the function finds what its caller's code does not show (an option
// saying the lock is held, a cache miss, a nil argument), and a caller
// already holding the mutex may know it cannot.
//
// A loop is taken to run at least one round: a Lock in the body of a
// range over the caller's items happens unless there are none, which is
// not the caller's way of keeping it from happening.
//
// Paths that end in a call that does not return (panic, log.Fatal) are
// not ways out. It is asked once per lock site of the reporting pass;
// the answer is kept by block.
func (w *Walk) onEveryPath(pos token.Pos) bool {
	blocks := w.g.CFG.Blocks
	at := w.blockAt(pos)
	if at == nil {
		return false
	}
	if sure, ok := w.sure[at.Index]; ok {
		return sure
	}
	seen := make([]bool, len(blocks))
	stack := []*cfg.Block{blocks[0]}
	seen[0] = true
	sure := true
	for len(stack) > 0 && sure {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b == at {
			continue
		}
		if w.returnsFrom(b) {
			sure = false
		}
		for _, s := range b.Succs {
			if noRounds(b, s) {
				continue
			}
			if !seen[s.Index] {
				seen[s.Index] = true
				stack = append(stack, s)
			}
		}
	}
	if w.sure == nil {
		w.sure = make(map[int32]bool)
	}
	w.sure[at.Index] = sure
	return sure
}

// blockAt returns the block whose node holds pos most narrowly.
func (w *Walk) blockAt(pos token.Pos) *cfg.Block {
	var at *cfg.Block
	var width token.Pos
	for _, b := range w.g.CFG.Blocks {
		for _, n := range b.Nodes {
			if n.Pos() <= pos && pos < n.End() && (at == nil || n.End()-n.Pos() < width) {
				at, width = b, n.End()-n.Pos()
			}
		}
	}
	return at
}

// returnsFrom reports whether a path leaves the function normally at the
// end of b: b has no successor, is not the end of a select's last case
// (a select waits for one of its cases), and does not end in a call that
// never returns.
func (w *Walk) returnsFrom(b *cfg.Block) bool {
	if len(b.Succs) > 0 || b.Kind == cfg.KindSelectAfterCase {
		return false
	}
	if len(b.Nodes) > 0 {
		if es, ok := b.Nodes[len(b.Nodes)-1].(*ast.ExprStmt); ok {
			if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok && w.a.p.NoReturn(call) {
				return false
			}
		}
	}
	return true
}

// noRounds reports whether the edge from b to s leaves a loop from its
// head: the way past a loop that runs no round.
func noRounds(b, s *cfg.Block) bool {
	return b.Kind == cfg.KindForLoop && s.Kind == cfg.KindForDone ||
		b.Kind == cfg.KindRangeLoop && s.Kind == cfg.KindRangeDone
}
