package model

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// A Ref names a variable or a path of fields from one: wg, s.mu,
// s.cache.Mutex (a mutex embedded in a field), a package-level variable.
// Two Refs with the same Key denote the same storage as long as the root
// variable is not assigned in between. Every check names things this way.
type Ref struct {
	// Root is the variable, parameter or package-level variable the path
	// starts from.
	Root *types.Var
	// Steps are the fields selected from it, in order.
	Steps []Step
	path  string // ".mu", ".cache.Mutex"
}

// A Step is one field selection on the way from a variable.
type Step struct {
	Field *types.Var // the field's origin (for a generic struct)
	Owner types.Type // the struct type holding Field
	// Deref is set when the field is selected through a pointer: what holds
	// it is shared, not copied with the variable.
	Deref bool
}

// RefKey is a Ref's identity, comparable.
type RefKey struct {
	Root *types.Var
	Path string
}

// Valid reports whether r names anything.
func (r Ref) Valid() bool { return r.Root != nil }

// Key returns r's identity.
func (r Ref) Key() RefKey { return RefKey{r.Root, r.path} }

// Path returns the fields as the source spells them: ".mu", "" for the
// variable itself.
func (r Ref) Path() string { return r.path }

// String is the expression as the source spells it, embedded fields
// included: s.mu, c.Mutex.
func (r Ref) String() string {
	if r.Root == nil {
		return "?"
	}
	return r.Root.Name() + r.path
}

// Last returns the last field of the path, or nil for a variable.
func (r Ref) Last() *types.Var {
	if len(r.Steps) == 0 {
		return nil
	}
	return r.Steps[len(r.Steps)-1].Field
}

// Extend returns r followed by the field selections of index (as in
// types.Selection.Index), starting from a value of type t, the type r
// denotes.
func (r Ref) Extend(t types.Type, index []int) (Ref, bool) {
	steps := slices.Clip(r.Steps)
	var path strings.Builder
	path.WriteString(r.path)
	for _, i := range index {
		deref := false
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t, deref = p.Elem(), true
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return Ref{}, false
		}
		f := st.Field(i)
		steps = append(steps, Step{Field: f.Origin(), Owner: t, Deref: deref})
		path.WriteString("." + f.Name())
		t = f.Type()
	}
	return Ref{Root: r.Root, Steps: steps, path: path.String()}, true
}

// Append returns r followed by the fields of s, a path from a value of
// the type r denotes (s's own root is dropped).
func (r Ref) Append(s Ref) Ref {
	steps := append(slices.Clip(r.Steps), s.Steps...)
	return Ref{Root: r.Root, Steps: steps, path: r.path + s.path}
}

// HasPrefix reports whether r is p or a path through p's fields.
func (r Ref) HasPrefix(p RefKey) bool {
	return r.Root == p.Root && (r.path == p.Path || strings.HasPrefix(r.path, p.Path+"."))
}

// Inline reports whether what r names is stored in the root variable's
// own value, reached without a pointer: a copy of the variable has its own.
func (r Ref) Inline() bool {
	if _, ok := r.Root.Type().Underlying().(*types.Pointer); ok {
		return false
	}
	for _, s := range r.Steps {
		if s.Deref {
			return false
		}
	}
	return true
}

// RefOf names the variable or field path e denotes: x, s.mu, p.a.b,
// (*p).mu, &s.mu, otherpkg.V. ok is false for anything else (a call, an
// index expression, a field of a call's result).
func RefOf(info *types.Info, e ast.Expr) (Ref, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		if !ok || v.IsField() {
			return Ref{}, false
		}
		return Ref{Root: v.Origin()}, true
	case *ast.SelectorExpr:
		s, ok := info.Selections[e]
		if !ok {
			if v, ok := info.Uses[e.Sel].(*types.Var); ok && !v.IsField() {
				return Ref{Root: v}, true // a package-qualified variable
			}
			return Ref{}, false
		}
		if s.Kind() != types.FieldVal {
			return Ref{}, false
		}
		base, ok := RefOf(info, e.X)
		if !ok {
			return Ref{}, false
		}
		return base.Extend(s.Recv(), s.Index())
	case *ast.StarExpr:
		return RefOf(info, e.X)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return RefOf(info, e.X)
		}
	}
	return Ref{}, false
}

// ReceiverRef names the receiver of the method sel selects, including the
// embedded fields a promoted method is reached through: for c.Lock() where
// c embeds sync.Mutex, c.Mutex.
func ReceiverRef(info *types.Info, sel *ast.SelectorExpr) (Ref, bool) {
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return Ref{}, false
	}
	base, ok := RefOf(info, sel.X)
	if !ok {
		return Ref{}, false
	}
	index := s.Index()
	return base.Extend(s.Recv(), index[:len(index)-1])
}

// KeyOf returns the identity of the variable or field path e denotes, and
// whether it has one (see RefOf).
func KeyOf(info *types.Info, e ast.Expr) (RefKey, bool) {
	r, ok := RefOf(info, e)
	return r.Key(), ok
}

// RootVar returns the variable an expression such as req.Items[i:],
// r.URL.Query()["id"] or *p is reached from.
func RootVar(info *types.Info, e ast.Expr) *types.Var {
	for e != nil {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.Uses[x].(*types.Var)
			return v
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.SliceExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.CallExpr:
			sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if !ok {
				return nil
			}
			e = sel.X // a method of the value: r.URL.Query(), req.GetIds()
		default:
			return nil
		}
	}
	return nil
}
