package model

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// NeverFails reports whether a call of call's function can never return a
// non-nil error: its last result is an error, and every return statement
// of its body gives the literal nil there — shown by the body, when it is
// in the package, or by the function's Summary (NilError) when it is in
// another. A branch on that error (if err := f(); err != nil) is then
// never taken, and what happens on it cannot happen.
func (p *Program) NeverFails(call *Call) bool {
	if t := call.Target; t != nil && (call.Static || call.Callee == nil) {
		return t.Body() != nil && returnsNilError(p.Info, t.Sig, t.Body())
	}
	return call.Static && call.Callee != nil && call.Callee.Pkg() != p.Pkg && p.nilErrors[call.Callee.Origin()]
}

// knownCond (a condition whose value is known to paths.New) tells the
// value of err != nil or err == nil when err's one value is the error of
// a call that never fails: NextAction returns (next, nil) or (nil, nil),
// so a caller's
//
//	a, err := e.NextAction()
//	if err != nil {
//		return
//	}
//
// never returns there, and a path that does is no path: the receive it
// would skip is sure to be made.

// errorDef is where a variable of type error gets its one value: result
// index of call.
type errorDef struct {
	call  *Call
	index int
}

// indexErrorDefs records, for each variable that a := statement declares
// from the results of one call, that call.
func (p *Program) indexErrorDefs(files []*ast.File) {
	p.errorDefs = make(map[*types.Var]errorDef)
	calls := make(map[*ast.CallExpr]*Call)
	for _, f := range p.Funcs {
		for _, c := range f.Calls {
			calls[c.Expr] = c
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || as.Tok != token.DEFINE || len(as.Rhs) != 1 {
				return true
			}
			expr, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
			call := calls[expr]
			if !ok || call == nil {
				return true
			}
			for i, lhs := range as.Lhs {
				if id, ok := lhs.(*ast.Ident); ok {
					if v, ok := p.Info.Defs[id].(*types.Var); ok && isError(v.Type()) {
						p.errorDefs[v] = errorDef{call, i}
					}
				}
			}
			return true
		})
	}
}

// importNilErrors reads, for the functions of other packages the package
// calls that return an error, whether they only give nil (see NeverFails).
func (p *Program) importNilErrors(pass *analysis.Pass) {
	p.nilErrors = make(map[*types.Func]bool)
	for _, f := range p.Funcs {
		for _, c := range f.Calls {
			fn := c.Callee
			if !c.Static || fn == nil || fn.Pkg() == nil || fn.Pkg() == p.Pkg || !lastIsError(fn.Signature()) {
				continue
			}
			fn = fn.Origin()
			if _, done := p.nilErrors[fn]; done {
				continue
			}
			var s Summary
			p.nilErrors[fn] = pass.ImportObjectFact(fn, &s) && s.NilError
		}
	}
}

// knownCond tells the value of err != nil or err == nil when err's one
// value comes from a function that never gives a non-nil error.
func (p *Program) knownCond(cond ast.Expr) (value, ok bool) {
	b, isBinary := ast.Unparen(cond).(*ast.BinaryExpr)
	if !isBinary || b.Op != token.NEQ && b.Op != token.EQL {
		return false, false
	}
	x := ast.Unparen(b.X)
	if p.isNil(x) {
		x = ast.Unparen(b.Y)
	} else if !p.isNil(ast.Unparen(b.Y)) {
		return false, false
	}
	id, isIdent := x.(*ast.Ident)
	if !isIdent {
		return false, false
	}
	v, isVar := p.Info.Uses[id].(*types.Var)
	if !isVar || p.Assigned(v) {
		return false, false
	}
	d, found := p.errorDefs[v]
	if !found {
		return false, false
	}
	call := d.call
	if call.Callee == nil || d.index != call.Callee.Signature().Results().Len()-1 || !p.NeverFails(call) {
		return false, false
	}
	return b.Op == token.EQL, true
}

// lastIsError reports whether sig's last result is an error.
func lastIsError(sig *types.Signature) bool {
	res := sig.Results()
	return res.Len() > 0 && isError(res.At(res.Len()-1).Type())
}

// returnsNilError reports whether a function of signature sig and this
// body has an error for its last result and each of its returns gives nil
// for it: a literal nil, not what a bare return leaves in a named result
// (which a deferred call may set), nor what another call returns.
func returnsNilError(info *types.Info, sig *types.Signature, body *ast.BlockStmt) bool {
	if !lastIsError(sig) {
		return false
	}
	n := sig.Results().Len()
	ok := true
	ast.Inspect(body, func(node ast.Node) bool {
		switch node := node.(type) {
		case *ast.FuncLit:
			return false // its returns are its own
		case *ast.ReturnStmt:
			if len(node.Results) != n {
				ok = false // a bare return, or return f()
			} else if tv, found := info.Types[node.Results[n-1]]; !found || !tv.IsNil() {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// isError reports whether t is the error interface.
func isError(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}
