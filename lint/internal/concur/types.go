package concur

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// IsNamed reports whether t, or the type t points to, is the named type
// pkgPath.name. Instantiations of generic types match their origin.
func IsNamed(t types.Type, pkgPath, name string) bool {
	if t == nil {
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Origin().Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == pkgPath
}

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool {
	return IsNamed(t, "context", "Context")
}

// IsError reports whether t is the predeclared error interface.
func IsError(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// IsWaitGroup reports whether t is sync.WaitGroup or a pointer to it.
func IsWaitGroup(t types.Type) bool {
	return IsNamed(t, "sync", "WaitGroup")
}

// IsDoneChan reports whether t is a channel of struct{} that can be
// received from: the conventional type of a done, stop or quit channel.
func IsDoneChan(t types.Type) bool {
	if t == nil {
		return false
	}
	ch, ok := t.Underlying().(*types.Chan)
	if !ok || ch.Dir() == types.SendOnly {
		return false
	}
	s, ok := ch.Elem().Underlying().(*types.Struct)
	return ok && s.NumFields() == 0
}

// GroupFamily reports which family's group t is: errgroup.Group, leash.Group,
// sync.WaitGroup, conc.WaitGroup or one of conc's pools (or pointers to
// them). It returns NoFamily for any other type.
func GroupFamily(t types.Type) Family {
	switch {
	case IsNamed(t, ErrgroupPath, "Group"):
		return Errgroup
	case IsNamed(t, LeashPath, "Group"):
		return Leash
	case IsWaitGroup(t):
		return WaitGroup
	case IsNamed(t, ConcPath, "WaitGroup"):
		return Conc
	}
	for name := range concPools {
		if IsNamed(t, ConcPoolPath, name) {
			return Conc
		}
	}
	return NoFamily
}

// ExprKey returns a string that is the same for two expressions denoting the
// same variable or field path — wg, s.wg, &wg, (*p).wg — or "" when e is
// not such a path (a call, an index expression, ...).
func ExprKey(info *types.Info, e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if obj := info.ObjectOf(e); obj != nil {
			return fmt.Sprintf("%p", obj)
		}
	case *ast.SelectorExpr:
		sel, ok := info.Selections[e]
		if !ok || sel.Kind() != types.FieldVal {
			if obj := info.ObjectOf(e.Sel); obj != nil && !ok {
				return fmt.Sprintf("%p", obj) // a qualified package-level variable
			}
			return ""
		}
		if x := ExprKey(info, e.X); x != "" {
			return x + "." + fmt.Sprintf("%p", sel.Obj())
		}
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return ExprKey(info, e.X)
		}
	case *ast.StarExpr:
		return ExprKey(info, e.X)
	}
	return ""
}

// Deref returns the type t points to, or t itself; types.Typ[types.Invalid]
// for a nil t (an expression of code that does not type-check), so that
// callers can ask for its underlying type without checking.
func Deref(t types.Type) types.Type {
	if t == nil {
		return types.Typ[types.Invalid]
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}
