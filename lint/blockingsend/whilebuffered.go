package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
)

// A writer often takes what else is queued before it flushes, by the
// channel's length:
//
//	case m := <-c.send:
//		write(m)
//		n := len(c.send)
//		for i := 0; i < n; i++ {
//			write(<-c.send)
//		}
//
// A receive that runs only while len says a value is waiting cannot wait
// on a channel nothing sends on: its length is 0, and the receive never
// runs. Whether anything sends is another question, and the receives that
// do wait for it are still reported.

// whileBuffered reports whether op, a receive, runs only while its
// channel's length is above zero: in the body of a for loop or the then of
// an if whose condition, true, says so of len of a channel that holds what
// op's does — len(ch) > 0, != 0, >= 1, or i < len(ch) for the loop's own
// counter, counted up from zero or more — read directly or through a
// variable the statement just before declares with it and nothing assigns
// again (n := len(c.send); for i := 0; i < n; i++).
func (c *checker) whileBuffered(op *model.Op, sites []*model.Site) bool {
	path := op.Path()
	for i := len(path) - 2; i >= 1; i-- {
		var cond ast.Expr
		var loop *ast.ForStmt
		switch n := path[i].(type) {
		case *ast.ForStmt:
			if n.Body == path[i+1] {
				cond, loop = n.Cond, n
			}
		case *ast.IfStmt:
			if n.Body == path[i+1] {
				cond = n.Cond
			}
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
		if cond != nil && c.saysBuffered(cond, stmtBefore(path[i-1], path[i]), loop, sites) {
			return true
		}
	}
	return false
}

// saysBuffered reports whether cond, when true, says that len of a channel
// holding one of sites is at least one. prev is the statement just before
// (see lenOf); loop, when cond is a for loop's, gives its counter.
func (c *checker) saysBuffered(cond ast.Expr, prev ast.Node, loop *ast.ForStmt, sites []*model.Site) bool {
	x, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch x.Op {
	case token.LAND:
		return c.saysBuffered(x.X, prev, loop, sites) || c.saysBuffered(x.Y, prev, loop, sites)
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		if c.lenHolding(x.X, prev, sites) {
			return c.aboveZero(x.Op, x.Y, loop)
		}
		if c.lenHolding(x.Y, prev, sites) {
			return c.aboveZero(swapped[x.Op], x.X, loop)
		}
	}
	return false
}

// lenHolding reports whether e is len of a channel holding one of sites,
// or a variable prev declares with it that nothing assigns again.
func (c *checker) lenHolding(e ast.Expr, prev ast.Node, sites []*model.Site) bool {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		if v, ok := c.p.Info.Uses[id].(*types.Var); !ok || c.p.Assigned(v) {
			return false
		}
	}
	ch := c.lenOf(e, prev)
	return ch != nil && slices.ContainsFunc(sites, func(s *model.Site) bool { return c.p.Holds(ch, s) })
}

// aboveZero reports whether a length l with l op r true is at least one:
// r a constant (see atLeastOne), or loop's counter, which starts at a
// constant of zero or more and only counts up (l > i).
func (c *checker) aboveZero(op token.Token, r ast.Expr, loop *ast.ForStmt) bool {
	return atLeastOne(c.p.Info, op, r) || op == token.GTR && c.upCounter(r, loop)
}

// upCounter reports whether e is the counter of loop: declared by its init
// with a constant of zero or more, and stepped by i++ in its post.
func (c *checker) upCounter(e ast.Expr, loop *ast.ForStmt) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || loop == nil {
		return false
	}
	v := c.p.Info.Uses[id]
	init, ok := loop.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
		return false
	}
	if def, ok := init.Lhs[0].(*ast.Ident); !ok || v == nil || c.p.Info.Defs[def] != v {
		return false
	}
	if start, ok := paths.IntConst(c.p.Info, init.Rhs[0]); !ok || start < 0 {
		return false
	}
	post, ok := loop.Post.(*ast.IncDecStmt)
	if !ok || post.Tok != token.INC {
		return false
	}
	pid, ok := ast.Unparen(post.X).(*ast.Ident)
	return ok && c.p.Info.Uses[pid] == v
}

// stmtBefore returns the statement just before stmt in the statement list
// that holds it (see model.StmtList), or nil.
func stmtBefore(list, stmt ast.Node) ast.Node {
	stmts, _ := model.StmtList(list)
	if i := model.StmtIndex(stmts, stmt); i > 0 {
		return stmts[i-1]
	}
	return nil
}
