package model

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/paths"
)

// NilBranch reports whether edge e enters the branch of an if that runs
// only while a variable holding site is nil: the else of if ch != nil, the
// then of if ch == nil. Code that makes the channel late guards its use on
// the way out that way:
//
//	var errc chan error
//	defer func() {
//		if errc != nil {
//			<-errc
//		}
//	}()
//	...
//	errc = make(chan error)
//	go func() { errc <- serve() }()
//
// Once site's channel is made and stored, such a variable is never nil
// again when nothing stores nil in it and nothing else is ever stored in
// it: the branch cannot run while a goroutine is there to send on site.
// The variable is a local one, declared in a function's body, whose
// address is not taken; a field or a package-level variable may be reset
// by code out of sight, and a parameter may be passed nil. The function
// that makes site sees the variable nil before it does (if errc == nil {
// errc = make(...) }): a caller asks only where the channel is there — in
// a function other than its maker, or on a path past a goroutine started
// to send on it.
func (p *Program) NilBranch(f *Func, e paths.Edge, site *Site) bool {
	ifs, ok := e.Stmt.(*ast.IfStmt)
	if !ok || e.Kind != paths.Then && e.Kind != paths.Else {
		return false
	}
	bin, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || bin.Op != token.NEQ && bin.Op != token.EQL {
		return false
	}
	x := ast.Unparen(bin.X)
	if p.isNil(x) {
		x = ast.Unparen(bin.Y)
	} else if !p.isNil(ast.Unparen(bin.Y)) {
		return false
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return false
	}
	v, _ := p.Info.Uses[id].(*types.Var)
	if v == nil || !p.holds(f, id, site) || !p.onlyEverHolds(v, site) {
		return false
	}
	nilBranch := paths.Else
	if bin.Op == token.EQL {
		nilBranch = paths.Then
	}
	return e.Kind == nilBranch
}

// isNil reports whether e is the predeclared nil.
func (p *Program) isNil(e ast.Expr) bool {
	tv, ok := p.Info.Types[e]
	return ok && tv.IsNil()
}

// onlyEverHolds reports whether the local variable v holds site's channel
// from the moment it holds any: every site it may hold is site, nothing
// from out of sight reaches it, its address is never taken, and no
// assignment or declaration gives it nil.
func (p *Program) onlyEverHolds(v *types.Var, site *Site) bool {
	if v.IsField() || v.Parent() == nil || v.Parent() == p.Pkg.Scope() {
		return false
	}
	sites, opaque := p.SitesOf(v)
	if opaque || len(sites) != 1 || sites[0] != site {
		return false
	}
	return p.sums.neverNil.get(v, false, func() bool { return p.computeNeverNil(v) })
}

// computeNeverNil scans the function that declares v for an assignment or
// declaration of nil to v, and for &v.
func (p *Program) computeNeverNil(v *types.Var) bool {
	f := p.FuncAt(v.Pos())
	if f == nil || f.Body() == nil || v.Pos() < f.Body().Pos() || v.Pos() >= f.Body().End() {
		return false // a parameter: a caller may pass nil
	}
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && p.Info.ObjectOf(id) == v
	}
	ok := true
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				ok = false
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if is(l) && p.isNil(ast.Unparen(n.Rhs[i])) {
						ok = false
					}
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if p.Info.Defs[name] == v && i < len(n.Values) && p.isNil(ast.Unparen(n.Values[i])) {
					ok = false
				}
			}
		}
		return ok
	})
	return ok
}
