package blockingsend

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/leash-go/leash/lint/internal/concur"
	"golang.org/x/tools/go/analysis"
)

// waitNeverDone reports a Wait on a WaitGroup that nothing marks done: a
// WaitGroup declared in the function, whose count goes up only by
// constant Adds, and which the function and its literals use for nothing
// but Add and Wait — no Done, no Go, no address handed on:
//
//	var wg sync.WaitGroup
//	wg.Add(2)
//	go func() { txCh <- fetchTx(ctx) }()   // never calls wg.Done
//	go func() { accCh <- fetchAcc(ctx) }()
//	go func() { wg.Wait(); close(txCh); close(accCh) }()
//
// The counter never comes back to zero, so the Wait blocks forever on
// every call: a goroutine left behind each time, or the caller itself
// hung. Nothing outside the function can reach the WaitGroup to call
// Done, so the code shows it whole.
//
// A Wait that ends a program's main, or ends a function whose goroutines
// all run for good, is left alone: wg.Add(2) with no Done, then wg.Wait(),
// is then a way of blocking forever, as select {} is (see parksForGood).
func (c *checker) waitNeverDone() {
	for _, f := range c.p.Funcs {
		if f.Decl == nil || f.Decl.Body == nil {
			continue
		}
		body := f.Decl.Body
		uses := map[*types.Var]int{}
		calls := map[*types.Var][]*ast.CallExpr{}
		var order []*types.Var // in source order, so findings come out the same each run
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if v := c.localWaitGroup(n, body); v != nil {
					uses[v]++
				}
			case *ast.CallExpr:
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
					if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
						if v := c.localWaitGroup(id, body); v != nil {
							if calls[v] == nil {
								order = append(order, v)
							}
							calls[v] = append(calls[v], n)
						}
					}
				}
			}
			return true
		})
		for _, v := range order {
			cs := calls[v]
			if len(cs) != uses[v] {
				continue // used otherwise too: &wg handed on, copied, a method value
			}
			var adds, waits []*ast.CallExpr
			ok := true
			for _, call := range cs {
				switch call.Fun.(*ast.SelectorExpr).Sel.Name {
				case "Add":
					ok = ok && c.positiveConstant(call)
					adds = append(adds, call)
				case "Wait":
					waits = append(waits, call)
				default:
					ok = false // Done, Go
				}
			}
			if !ok || len(adds) == 0 {
				continue
			}
			add := adds[0]
			for _, wait := range waits {
				if c.parksForGood(f, wait) {
					continue // main serving until it is killed, as with select {}
				}
				c.report(wait, analysis.Diagnostic{
					Pos: wait.Pos(),
					Message: fmt.Sprintf("%s.Wait blocks forever: %s (line %d) counts goroutines, and nothing calls %s.Done; call it when each counted goroutine ends (defer %s.Done())",
						v.Name(), exprText(add), c.p.Fset.Position(add.Pos()).Line, v.Name(), v.Name()),
					Related: []analysis.RelatedInformation{
						{Pos: add.Pos(), Message: "the count goes up here, and nothing brings it down"},
					},
				})
			}
		}
	}
}

// localWaitGroup returns the sync.WaitGroup variable id uses when it is
// declared in body (not a field, a parameter or a pointer), or nil.
func (c *checker) localWaitGroup(id *ast.Ident, body *ast.BlockStmt) *types.Var {
	v := c.declaredIn(id, body)
	if v == nil || !concur.IsNamed(v.Type(), "sync", "WaitGroup") {
		return nil
	}
	if _, isPtr := v.Type().Underlying().(*types.Pointer); isPtr {
		return nil // may point at a WaitGroup others mark done
	}
	return v
}

// positiveConstant reports whether an Add's count is a constant above
// zero: Add(-1) is a Done, and a computed count may be zero.
func (c *checker) positiveConstant(add *ast.CallExpr) bool {
	n, isConst := c.addCount(add)
	return isConst && n > 0
}
