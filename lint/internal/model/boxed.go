package model

import (
	"go/ast"
	"go/token"
	"go/types"
)

// boxedTypes returns the named types of which the package puts a value, or
// a pointer to one, in an interface: an assignment, a call's argument, a
// return, an element of a composite literal, a send or a conversion whose
// destination is of interface type, or a type argument (a constraint's
// methods reach it too). A struct type's embedded fields are put there
// with it, their methods promoted.
//
// Only through such an interface can code the package cannot see call a
// method it cannot name: an unexported method, or any method of a type of
// package main, which no package imports. A method of a type the package
// never boxes is called only where the package calls it (see Func.Open):
// a getter that hands out a field's channel hands it to its callers in
// sight, not to the world.
func boxedTypes(info *types.Info, files []*ast.File) map[*types.TypeName]bool {
	boxed := make(map[*types.TypeName]bool)
	var mark func(t types.Type)
	mark = func(t types.Type) {
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		if !ok || types.IsInterface(n) || boxed[n.Origin().Obj()] {
			return
		}
		boxed[n.Origin().Obj()] = true
		if s, ok := n.Underlying().(*types.Struct); ok {
			for i := range s.NumFields() {
				if s.Field(i).Embedded() {
					mark(s.Field(i).Type())
				}
			}
		}
	}
	// into boxes the value of e when it goes where a value of type dst
	// goes.
	into := func(dst types.Type, e ast.Expr) {
		if dst != nil && types.IsInterface(dst) {
			if t := info.TypeOf(e); t != nil {
				mark(t)
			}
		}
	}
	// intoAll boxes the values of es, or the results of its one call,
	// going where values of the types dsts gives go.
	intoAll := func(dsts func(i int) types.Type, n int, es []ast.Expr) {
		if len(es) == 1 && n > 1 {
			if tuple, ok := info.TypeOf(es[0]).(*types.Tuple); ok {
				for i := range min(n, tuple.Len()) {
					if d := dsts(i); d != nil && types.IsInterface(d) {
						mark(tuple.At(i).Type())
					}
				}
			}
			return
		}
		for i, e := range es {
			if i < n {
				into(dsts(i), e)
			}
		}
	}
	for _, t := range info.Instances {
		for i := range t.TypeArgs.Len() {
			mark(t.TypeArgs.At(i))
		}
	}
	for _, f := range files {
		ast.PreorderStack(f, nil, func(n ast.Node, stack []ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.ASSIGN {
					intoAll(func(i int) types.Type { return info.TypeOf(n.Lhs[i]) }, len(n.Lhs), n.Rhs)
				}
			case *ast.ValueSpec:
				if n.Type != nil {
					dst := info.TypeOf(n.Type)
					intoAll(func(int) types.Type { return dst }, len(n.Names), n.Values)
				}
			case *ast.ReturnStmt:
				if res := resultsOf(info, stack); res != nil {
					intoAll(func(i int) types.Type { return res.At(i).Type() }, res.Len(), n.Results)
				}
			case *ast.SendStmt:
				if ch, ok := typeUnder(info.TypeOf(n.Chan)).(*types.Chan); ok {
					into(ch.Elem(), n.Value)
				}
			case *ast.CompositeLit:
				compositeInto(info, n, into)
			case *ast.CallExpr:
				if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
					if len(n.Args) == 1 {
						into(tv.Type, n.Args[0]) // a conversion
					}
					break
				}
				sig, ok := typeUnder(info.TypeOf(n.Fun)).(*types.Signature)
				if !ok {
					break
				}
				params := sig.Params()
				intoAll(func(i int) types.Type {
					if sig.Variadic() && i >= params.Len()-1 {
						if n.Ellipsis.IsValid() {
							return nil // the slice itself
						}
						if last, ok := params.At(params.Len() - 1).Type().Underlying().(*types.Slice); ok {
							return last.Elem()
						}
						return nil
					}
					if i >= params.Len() {
						return nil
					}
					return params.At(i).Type()
				}, max(len(n.Args), params.Len()), n.Args)
			}
			return true
		})
	}
	return boxed
}

// resultsOf returns the results of the innermost function on the stack.
func resultsOf(info *types.Info, stack []ast.Node) *types.Tuple {
	for i := len(stack) - 1; i >= 0; i-- {
		switch fn := stack[i].(type) {
		case *ast.FuncLit:
			if sig, ok := info.TypeOf(fn).(*types.Signature); ok {
				return sig.Results()
			}
			return nil
		case *ast.FuncDecl:
			if obj, ok := info.Defs[fn.Name].(*types.Func); ok {
				return obj.Signature().Results()
			}
			return nil
		}
	}
	return nil
}

// compositeInto hands into each element of the composite literal lit with
// the type of where it goes.
func compositeInto(info *types.Info, lit *ast.CompositeLit, into func(types.Type, ast.Expr)) {
	t := typeUnder(info.TypeOf(lit))
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying() // &T{...} elided in a literal of pointers
	}
	for i, e := range lit.Elts {
		kv, keyed := e.(*ast.KeyValueExpr)
		switch t := t.(type) {
		case *types.Struct:
			if !keyed {
				if i < t.NumFields() {
					into(t.Field(i).Type(), e)
				}
				continue
			}
			if id, ok := kv.Key.(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok {
					into(v.Type(), kv.Value)
				}
			}
		case *types.Map:
			if keyed {
				into(t.Key(), kv.Key)
				into(t.Elem(), kv.Value)
			}
		case *types.Slice:
			into(t.Elem(), valueOf(e))
		case *types.Array:
			into(t.Elem(), valueOf(e))
		}
	}
}

// valueOf returns the value of an element of a composite literal.
func valueOf(e ast.Expr) ast.Expr {
	if kv, ok := e.(*ast.KeyValueExpr); ok {
		return kv.Value
	}
	return e
}

// typeUnder returns t's underlying type; nil for nil.
func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}
