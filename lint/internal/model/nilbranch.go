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
// Once site's channel is made and stored in it, such a variable is never
// nil again when nothing stores nil in it, nothing else is ever stored in
// it and no other variable ever holds the channel: the branch cannot run
// while a goroutine is there to send on site (see onlyEverHolds).
// The variable is a local one, declared in a function's body, whose
// address is not taken; a field or a package-level variable may be reset
// by code out of sight, and a parameter may be passed nil. The function
// that makes site sees the variable nil before it does (if errc == nil {
// errc = make(...) }): a caller asks only where the channel is there — in
// a function other than its maker, or on a path past a goroutine started
// to send on it.
func (p *Program) NilBranch(f *Func, e paths.Edge, site *Site) bool {
	x, isNil := p.NilTested(e)
	id, ok := x.(*ast.Ident)
	if !ok || !isNil {
		return false
	}
	v, _ := p.Info.Uses[id].(*types.Var)
	return v != nil && p.holds(f, id, site) && p.onlyEverHolds(v, site)
}

// NilTested returns the expression x that the if edge e enters a branch
// of compares with nil (x == nil, x != nil, or nil first), and whether x
// is nil on that branch; nil for any other edge.
func (p *Program) NilTested(e paths.Edge) (x ast.Expr, isNil bool) {
	ifs, ok := e.Stmt.(*ast.IfStmt)
	if !ok || e.Kind != paths.Then && e.Kind != paths.Else {
		return nil, false
	}
	bin, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || bin.Op != token.NEQ && bin.Op != token.EQL {
		return nil, false
	}
	x = ast.Unparen(bin.X)
	if p.isNil(x) {
		x = ast.Unparen(bin.Y)
	} else if !p.isNil(ast.Unparen(bin.Y)) {
		return nil, false
	}
	// x == nil holds on the then branch, x != nil on the else branch.
	return x, (bin.Op == token.EQL) == (e.Kind == paths.Then)
}

// isNil reports whether e is the predeclared nil.
func (p *Program) isNil(e ast.Expr) bool {
	tv, ok := p.Info.Types[e]
	return ok && tv.IsNil()
}

// onlyEverHolds reports whether the local variable v holds site's channel
// from the moment any goroutine can have it: v is the only variable that
// ever holds site (so a sender can only have been handed the channel out
// of v), the make is assigned straight into v, every site v may hold is
// site, nothing from out of sight reaches it, its address is never taken,
// no assignment or declaration gives it nil, and it is declared outside
// any loop (where each round would declare it nil again).
func (p *Program) onlyEverHolds(v *types.Var, site *Site) bool {
	if v.IsField() || v.Parent() == nil || v.Parent() == p.Pkg.Scope() || site.Make == nil {
		return false
	}
	sites, opaque := p.SitesOf(v)
	if opaque || len(sites) != 1 || sites[0] != site {
		return false
	}
	if hs := p.Holders(site); len(hs) != 1 || hs[0] != v {
		return false
	}
	return p.sums.neverNil.get(v, false, func() bool { return p.computeNeverNil(v, site) })
}

// computeNeverNil scans the function that declares v: for the make of site
// assigned to v, for an assignment or declaration of nil to v, for &v, and
// for a loop around v's declaration.
func (p *Program) computeNeverNil(v *types.Var, site *Site) bool {
	f := p.FuncAt(v.Pos())
	if f == nil || f.Body() == nil || v.Pos() < f.Body().Pos() || v.Pos() >= f.Body().End() {
		return false // a parameter: a caller may pass nil
	}
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && p.Info.ObjectOf(id) == v
	}
	ok, made := true, false
	assigns := func(lhs, rhs ast.Expr) {
		switch {
		case !is(lhs):
		case p.isNil(ast.Unparen(rhs)):
			ok = false
		case ast.Unparen(rhs) == site.Make:
			made = true
		}
	}
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if n.Pos() < v.Pos() && v.Pos() < n.End() {
				ok = false
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				ok = false
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					assigns(l, n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if i < len(n.Values) {
					assigns(name, n.Values[i])
				}
			}
		}
		return ok
	})
	return ok && made
}
