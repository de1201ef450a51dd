package concur

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Canceller is something a goroutine could watch to learn that it must stop:
// a context.Context or a done channel (see IsDoneChan).
type Canceller struct {
	// Var is the variable, parameter or struct field.
	Var *types.Var
	// Via is, for a field, the variable it is reached through (s in s.done);
	// nil otherwise.
	Via *types.Var
}

// IsContext reports whether the canceller is a context rather than a done
// channel.
func (c Canceller) IsContext() bool { return IsContext(c.Var.Type()) }

// String returns the expression that reaches the canceller: "ctx", "s.done".
func (c Canceller) String() string {
	if c.Via != nil {
		return c.Via.Name() + "." + c.Var.Name()
	}
	return c.Var.Name()
}

// CancellersAt returns the contexts and done channels in scope at pos, the
// innermost first: local variables and parameters declared before pos, and
// the fields of local structs (such as a method's receiver) of those types.
// Package-level variables are not included: a package-level context is
// almost always context.Background and no caller can cancel it.
func CancellersAt(pkg *types.Package, pos token.Pos) []Canceller {
	var out []Canceller
	seen := make(map[string]bool) // shadowed names are not in scope
	for s := pkg.Scope().Innermost(pos); s != nil && s != pkg.Scope() && s != types.Universe; s = s.Parent() {
		for _, name := range s.Names() {
			v, ok := s.Lookup(name).(*types.Var)
			if !ok || seen[name] || v.Pos() > pos { // declared later: not yet in scope
				continue
			}
			seen[name] = true
			t := v.Type()
			if IsContext(t) || IsDoneChan(t) {
				out = append(out, Canceller{Var: v})
				continue
			}
			out = append(out, fieldCancellers(v, pkg)...)
		}
	}
	return out
}

// fieldCancellers returns the context and done-channel fields of v when v is
// a struct (or pointer to one) declared in pkg.
func fieldCancellers(v *types.Var, pkg *types.Package) []Canceller {
	t := v.Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() != pkg {
		return nil
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	var out []Canceller
	for f := range st.Fields() {
		if IsContext(f.Type()) || IsDoneChan(f.Type()) {
			out = append(out, Canceller{Var: f, Via: v})
		}
	}
	return out
}

// IsCtxDone reports whether e is a call of a context's Done method:
// ctx.Done().
func IsCtxDone(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && Is(info, call, CtxDone)
}
