package blockingsend

import (
	"go/ast"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/model"
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
// an if whose condition reads len of a channel that holds what op's does,
// directly (for len(c.send) > 0) or through a variable the statement just
// before declares with it and nothing assigns again (n := len(c.send);
// for i := 0; i < n; i++).
func (c *checker) whileBuffered(op *model.Op, sites []*model.Site) bool {
	path := op.Path()
	for i := len(path) - 2; i >= 1; i-- {
		var cond ast.Expr
		switch n := path[i].(type) {
		case *ast.ForStmt:
			if n.Body == path[i+1] {
				cond = n.Cond
			}
		case *ast.IfStmt:
			if n.Body == path[i+1] {
				cond = n.Cond
			}
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
		if cond != nil && c.readsLen(cond, stmtBefore(path[i-1], path[i]), sites) {
			return true
		}
	}
	return false
}

// readsLen reports whether cond reads len of a channel that holds one of
// sites, itself or by a variable that prev declares with it (see lenOf).
func (c *checker) readsLen(cond ast.Expr, prev ast.Node, sites []*model.Site) bool {
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		e, ok := n.(ast.Expr)
		if !ok || found {
			return !found
		}
		if id, ok := e.(*ast.Ident); ok {
			if v, ok := c.p.Info.Uses[id].(*types.Var); !ok || c.p.Assigned(v) {
				return true
			}
		}
		if ch := c.lenOf(e, prev); ch != nil {
			found = slices.ContainsFunc(sites, func(s *model.Site) bool { return c.p.Holds(ch, s) })
		}
		return !found
	})
	return found
}

// stmtBefore returns the statement just before stmt in the statement list
// that holds it (a block, or a case of a switch or select), or nil.
func stmtBefore(list, stmt ast.Node) ast.Node {
	var stmts []ast.Stmt
	switch l := list.(type) {
	case *ast.BlockStmt:
		stmts = l.List
	case *ast.CaseClause:
		stmts = l.Body
	case *ast.CommClause:
		stmts = l.Body
	}
	for i, s := range stmts {
		if s == stmt && i > 0 {
			return stmts[i-1]
		}
	}
	return nil
}
