package model

import (
	"go/ast"
	"go/types"
)

// NeverFails reports whether a call of call's function, when it runs a
// body of the package, can never return a non-nil error: its last result
// is an error, and every return statement of the body gives the literal
// nil there. A branch on that error (if err := f(); err != nil) is then
// never taken, and what happens on it cannot happen.
func (p *Program) NeverFails(call *Call) bool {
	t := call.Target
	if t == nil || !(call.Static || call.Callee == nil) || t.Body() == nil {
		return false
	}
	res := t.Sig.Results()
	if res.Len() == 0 || !types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type()) {
		return false
	}
	last := res.Len() - 1
	fails := false
	ast.Inspect(t.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != res.Len() {
				fails = true // a bare return, or another call's results
			} else if tv, ok := p.Info.Types[n.Results[last]]; !ok || !tv.IsNil() {
				fails = true
			}
		}
		return !fails
	})
	return !fails
}
