package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
)

// boundedInFlight reports whether the goroutines that send on site can
// never have more values in flight than its buffer holds, by a count the
// maker keeps of them (a Kademlia lookup's pending queries):
//
//	reply := make(chan []*Node, alpha)
//	for {
//		for i := 0; i < len(seeds) && pending < alpha; i++ {
//			pending++
//			go func() { reply <- query(seeds[i]) }()
//		}
//		...
//		r := <-reply
//		pending--
//	}
//
// The count is one senderCount finds: up next to each start of a
// goroutine that sends once, down only after a receive of its own. Each
// start is, besides, in a loop whose condition, or an if around the start
// within it, requires the count below a constant no larger than the
// buffer, and no other sender starts in that loop. The count is then at
// least the number of values sent and not yet received, so the buffer
// always has room and no send waits, whatever the receiver does: it may
// return at any time. The path engine does not follow integers, so
// without this it would count the loop's starts as any number.
func (c *checker) boundedInFlight(site *model.Site) bool {
	if site.Cap < 1 || site.Func == nil {
		return false
	}
	v := c.senderCount(site.Func, site)
	if v == nil {
		return false
	}
	spawns := c.spawnsTouching(site.Func, site)
	for _, s := range spawns {
		if s.Go == nil || len(s.Loops) == 0 || !c.guardedBelow(site.Func.Body(), s, spawns, v, site.Cap) {
			return false
		}
	}
	return len(spawns) > 0
}

// guardedBelow reports whether the start s runs only while v is below a
// constant no larger than capacity: the condition of its innermost loop,
// or of an if around it within that loop, requires it, and no other of
// spawns starts in that loop, so that one check admits one start.
func (c *checker) guardedBelow(body *ast.BlockStmt, s *model.Spawn, spawns []*model.Spawn, v *types.Var, capacity int) bool {
	loop := s.Loops[len(s.Loops)-1]
	if v.Pos() >= loop.Pos() && v.Pos() < loop.End() {
		return false // a count made afresh each round forgets the rounds before
	}
	for _, other := range spawns {
		if other != s && within(other.Node(), loop) {
			return false
		}
	}
	var guarded bool
	ast.Inspect(loop, func(n ast.Node) bool {
		if guarded || n == nil || !within(s.Go, n) {
			return false
		}
		switch n := n.(type) {
		case *ast.ForStmt:
			guarded = n == loop && n.Cond != nil && c.requiresBelow(n.Cond, v, capacity)
		case *ast.IfStmt:
			guarded = within(s.Go, n.Body) && c.requiresBelow(n.Cond, v, capacity)
		case *ast.FuncLit:
			return false
		}
		return n == loop || !isLoop(n)
	})
	return guarded
}

// isLoop reports whether n is a for or range statement.
func isLoop(n ast.Node) bool {
	switch n.(type) {
	case *ast.ForStmt, *ast.RangeStmt:
		return true
	}
	return false
}

// requiresBelow reports whether cond, or one of the && conjuncts it is
// made of, is v < K (or K > v) with K a constant no larger than capacity.
func (c *checker) requiresBelow(cond ast.Expr, v *types.Var, capacity int) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	if b.Op == token.LAND {
		return c.requiresBelow(b.X, v, capacity) || c.requiresBelow(b.Y, v, capacity)
	}
	small := func(e ast.Expr) bool {
		k, ok := c.intConst(e)
		return ok && k <= int64(capacity)
	}
	return b.Op == token.LSS && c.names(b.X, v) && small(b.Y) || b.Op == token.GTR && small(b.X) && c.names(b.Y, v)
}
