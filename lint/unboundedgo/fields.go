package unboundedgo

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
)

// fieldState records what is known of a field: see fixedField.
type fieldState int8

const (
	fieldUnknown fieldState = iota
	fieldVisiting
	fieldFixed
	fieldGrows
)

// pkgFacts holds what the check learns about the package as a whole,
// shared by the bounds of every function.
type pkgFacts struct {
	info   *types.Info
	pkg    *types.Package
	files  []*ast.File
	fields map[*types.Var]fieldState
}

// fixedField reports whether f, an unexported field of a struct type of
// this package, is only ever set when a value is made — in a composite
// literal, or by a function that is not a method — and each time to a
// fixed collection or count (see fixedCollection, fixedCount): a
// discoverer's names from its configuration, a buffer's queues made per
// CPU. Methods change what a value holds while it runs — they add the
// watchers, targets or blocks the requests bring — so a field that a
// method assigns, appends to or adds keys to is not fixed; neither is one
// whose address is taken (explicitly, or by calling a pointer method on
// it), or that an unkeyed literal sets. A map field is never fixed: keys
// can be added through any alias of it.
func (pf *pkgFacts) fixedField(f *types.Var) bool {
	if f == nil || !f.IsField() || f.Exported() || f.Pkg() != pf.pkg {
		return false
	}
	f = f.Origin() // the fields of every instance of a generic type are one
	if _, isMap := f.Type().Underlying().(*types.Map); isMap {
		return false
	}
	switch pf.fields[f] {
	case fieldFixed:
		return true
	case fieldGrows, fieldVisiting:
		return false
	}
	pf.fields[f] = fieldVisiting
	fixed := pf.scanField(f)
	if fixed {
		pf.fields[f] = fieldFixed
	} else {
		pf.fields[f] = fieldGrows
	}
	return fixed
}

// scanField visits every place of the package that sets f.
func (pf *pkgFacts) scanField(f *types.Var) bool {
	fixed, seen := true, false
	for _, file := range pf.files {
		for _, decl := range file.Decls {
			b := &bounds{pkgFacts: pf, fn: decl}
			method := false
			if fd, ok := decl.(*ast.FuncDecl); ok {
				method = fd.Recv != nil
			}
			ast.Inspect(decl, func(n ast.Node) bool {
				if !fixed {
					return false
				}
				switch n := n.(type) {
				case *ast.CompositeLit:
					fixed = pf.litSets(b, n, f, &seen)
				case *ast.AssignStmt:
					for i, lhs := range n.Lhs {
						whole, ok := pf.setsField(lhs, f)
						if !ok {
							continue
						}
						seen = true
						switch {
						case method || n.Tok != token.ASSIGN && n.Tok != token.DEFINE || len(n.Lhs) != len(n.Rhs):
							fixed = false
						case whole:
							fixed = b.fixedValue(n.Rhs[i], f.Type())
						} // x.f[i] = v: a slice keeps its length
					}
				case *ast.IncDecStmt:
					if _, ok := pf.setsField(n.X, f); ok {
						fixed = false
					}
				case *ast.UnaryExpr:
					if _, ok := pf.setsField(n.X, f); ok && n.Op == token.AND {
						fixed = false // its address escapes
					}
				case *ast.SelectorExpr:
					if whole, ok := pf.setsField(n.X, f); ok && whole && pf.pointerMethod(n) {
						fixed = false // x.f.add(v) takes x.f's address: the method may grow it
					}
				}
				return fixed
			})
		}
	}
	return fixed && seen
}

// litSets checks a composite literal that may set f.
func (pf *pkgFacts) litSets(b *bounds, lit *ast.CompositeLit, f *types.Var, seen *bool) bool {
	st, ok := concur.Deref(pf.info.TypeOf(lit)).Underlying().(*types.Struct)
	if !ok || !hasField(st, f) {
		return true
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return false // unkeyed: which field is which is not worth guessing
		}
		if id, ok := kv.Key.(*ast.Ident); ok && origin(pf.info.Uses[id]) == f {
			*seen = true
			return b.fixedValue(kv.Value, f.Type())
		}
	}
	return true
}

// setsField reports whether e, the target of an assignment, is x.f (whole)
// or x.f[k].
func (pf *pkgFacts) setsField(e ast.Expr, f *types.Var) (whole, ok bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		return true, origin(pf.info.Uses[e.Sel]) == f
	case *ast.IndexExpr:
		if sel, isSel := ast.Unparen(e.X).(*ast.SelectorExpr); isSel && origin(pf.info.Uses[sel.Sel]) == f {
			return false, true
		}
	}
	return false, false
}

// origin returns the generic field or variable obj instantiates, or obj.
func origin(obj types.Object) types.Object {
	if v, ok := obj.(*types.Var); ok {
		return v.Origin()
	}
	return obj
}

// pointerMethod reports whether sel selects a method with a pointer
// receiver on a value that is not a pointer: a call takes its address.
func (pf *pkgFacts) pointerMethod(sel *ast.SelectorExpr) bool {
	s, ok := pf.info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return false
	}
	recv := s.Obj().(*types.Func).Type().(*types.Signature).Recv()
	_, recvPtr := recv.Type().(*types.Pointer)
	_, valuePtr := s.Recv().Underlying().(*types.Pointer)
	return recvPtr && !valuePtr
}

func hasField(st *types.Struct, f *types.Var) bool {
	for i := range st.NumFields() {
		if st.Field(i).Origin() == f {
			return true
		}
	}
	return false
}

// fixedValue reports whether v, assigned to a variable of type t, is a
// fixed count (for an integer) or a fixed collection.
func (b *bounds) fixedValue(v ast.Expr, t types.Type) bool {
	if basic, ok := t.Underlying().(*types.Basic); ok && basic.Info()&types.IsInteger != 0 {
		return b.fixedCount(v)
	}
	return b.fixedCollection(v)
}

// isConfig reports whether a value of type t holds configuration: its
// type's name ends in Config, Cfg, Conf, Configuration or Settings
// (SDConfig, ServerConfig). What a program reads from its configuration
// is sized by whoever writes it, not by the requests it serves.
func isConfig(t types.Type) bool {
	named, ok := types.Unalias(concur.Deref(t)).(*types.Named)
	if !ok {
		return false
	}
	name := strings.ToLower(named.Obj().Name())
	for _, suffix := range []string{"config", "cfg", "conf", "configuration", "settings"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}
