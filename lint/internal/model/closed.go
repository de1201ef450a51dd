package model

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/paths"
)

// OkVars maps the ok variable of each v, ok := <-ch in f to ch.
func (p *Program) OkVars(f *Func) map[*types.Var]ast.Expr {
	out := make(map[*types.Var]ast.Expr)
	for _, op := range f.Ops {
		if op.Kind != Recv {
			continue
		}
		path := op.Path()
		if len(path) < 2 {
			continue
		}
		as, ok := path[len(path)-2].(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != op.Node {
			continue
		}
		if id, ok := as.Lhs[1].(*ast.Ident); ok {
			if v, ok := p.Info.ObjectOf(id).(*types.Var); ok {
				out[v] = op.Chan
			}
		}
	}
	return out
}

// ClosedBranch returns the channel an edge into an if on a receive's ok
// value (see OkVars) has seen closed: the then branch of if !ok, the else
// branch of if ok. It returns nil for any other edge.
func (p *Program) ClosedBranch(e paths.Edge, oks map[*types.Var]ast.Expr) ast.Expr {
	ifs, ok := e.Stmt.(*ast.IfStmt)
	if !ok || len(oks) == 0 || e.Kind != paths.Then && e.Kind != paths.Else {
		return nil
	}
	cond, then := ast.Unparen(ifs.Cond), false
	if u, ok := cond.(*ast.UnaryExpr); ok && u.Op == token.NOT {
		cond, then = ast.Unparen(u.X), true
	}
	id, ok := cond.(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := p.Info.Uses[id].(*types.Var)
	if ch := oks[v]; ch != nil && (e.Kind == paths.Then) == then {
		return ch
	}
	return nil
}
