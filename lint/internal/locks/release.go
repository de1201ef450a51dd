package locks

import (
	"go/ast"

	"github.com/leash-go/leash/lint/internal/model"
)

// BindAt names, in the function that makes call, the mutex r that callee
// names in its own terms (through a parameter, the receiver, a
// package-level or captured variable); ok is false when the caller cannot
// name it: a mutex of the callee's own copy or local variable, or an
// argument that is no variable or field path.
func (a *Analysis) BindAt(call *ast.CallExpr, callee *Func, r model.Ref) (model.RefKey, bool) {
	e, ok := callee.export(r, false)
	if !ok {
		return model.RefKey{}, false
	}
	args, oks := a.callArgs(call, callee.method)
	b, ok := e.bind(args, oks)
	if !ok {
		return model.RefKey{}, false
	}
	return b.Key(), true
}

// Unlocks reports whether n, a node of a control-flow graph, unlocks the
// mutex k, now or when its function returns: an Unlock or RUnlock of k, a
// call of a function of the package that releases its caller's lock on
// k, or a defer of either. Function literals count only where they are
// called (a deferred literal included).
func (a *Analysis) Unlocks(n ast.Node, k model.RefKey) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if found {
			return false
		}
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		call, ok := x.(*ast.CallExpr)
		if !ok {
			return true
		}
		if o, r, ok := a.mutexOp(call); ok {
			found = o.Releases() && r.Key() == k
			return !found
		}
		callee := a.calleeOf(call)
		if callee == nil {
			return true
		}
		args, oks := a.callArgs(call, callee.method)
		for _, e := range a.SummaryOf(callee).releases {
			if r, ok := e.bind(args, oks); ok && r.Key() == k {
				found = true
			}
		}
		return !found
	})
	return found
}
