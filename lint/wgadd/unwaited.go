package wgadd

import (
	"go/ast"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// An Add races only with a Wait that can run before it. Two kinds of
// WaitGroup have no such Wait, whatever goroutine adds to them.

// ownWaitGroup reports whether add's WaitGroup is stored in a variable
// that fn, the goroutine's function, declares itself. Only fn's goroutine
// and the code it hands the WaitGroup on to can then wait on it, and its
// own Add comes before both in program order: before its own Wait, and
// before it creates the closure or starts the goroutine that calls Done.
// The Add counts the work the goroutine hands on, not the goroutine:
//
//	go func() {
//		var wg sync.WaitGroup
//		wg.Add(1)
//		work <- func() { defer wg.Done(); fn() }
//		wg.Wait()
//	}()
func ownWaitGroup(info *types.Info, fn *model.Func, add addCall) bool {
	r, ok := model.RefOf(info, add.recv)
	if !ok || !r.Inline() {
		return false // held through a pointer: its storage may be anyone's
	}
	body := fn.Body()
	return body.Pos() <= r.Root.Pos() && r.Root.Pos() < body.End()
}

// waitedOnlyInTests reports whether add, outside the tests, is on a
// WaitGroup that no code outside the tests waits on (see waitsOutsideTests).
// Then only a test can see the Add come after the Wait, and that is the
// test's own business: the goroutine's code is fine in production.
func waitedOnlyInTests(pass *analysis.Pass, ix *model.Program, add addCall) bool {
	if ix.InTest(add.call.Pos()) {
		return false
	}
	waits, ok := waitsOutsideTests(pass, ix, add)
	return ok && len(waits) == 0
}

// waitedOnlyAfter reports whether every Wait outside the tests on add's
// WaitGroup (see waitsOutsideTests) is a call in fn's own body, not in a
// function literal within it, that comes after the Add. The goroutine then
// adds for work it hands on and waits for that work itself, as a cache's
// refresh does that hands each queued request a turn:
//
//	func (c *cache) refresh() { // started as go c.refresh()
//		for _, req := range reqs {
//			c.wg.Add(1)
//			req.turn <- struct{}{} // the request calls c.wg.Done()
//		}
//		c.wg.Wait()
//	}
//
// No Wait can run before the Add but that of another run of fn sharing the
// WaitGroup at the same time: two rounds on one WaitGroup, a different
// bug from an Add made too late, and one the code may rule out in ways the
// check cannot see (a token that lets one run at a time).
func waitedOnlyAfter(pass *analysis.Pass, ix *model.Program, fn *model.Func, add addCall) bool {
	waits, ok := waitsOutsideTests(pass, ix, add)
	if !ok || len(waits) == 0 {
		return false
	}
	for _, w := range waits {
		if w.Pos() < add.call.End() || ix.FuncAt(w.Pos()) != fn {
			return false
		}
	}
	return true
}

// waitsOutsideTests returns the Waits, outside the tests, on add's
// WaitGroup, when all its uses are in sight: an unexported field or
// package-level variable of type sync.WaitGroup, used only as the receiver
// of its methods (never copied, nor its address taken, so that no other
// name can reach it). ok is false when the WaitGroup is not such a value.
func waitsOutsideTests(pass *analysis.Pass, ix *model.Program, add addCall) (waits []*ast.Ident, ok bool) {
	wg, isVar := objOf(pass.TypesInfo, add.recv).(*types.Var)
	if !isVar || wg.Exported() || wg.Embedded() || !isWaitGroup(wg.Type()) {
		return nil, false
	}
	if !wg.IsField() && wg.Parent() != wg.Pkg().Scope() {
		return nil, false // a local variable: not reachable from the tests
	}
	wg = wg.Origin()
	inSight := true
	for _, f := range pass.Files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if !inSight {
				return false
			}
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			if v, ok := pass.TypesInfo.Uses[id].(*types.Var); !ok || v.Origin() != wg {
				return true
			}
			method, ok := methodOn(stack)
			switch {
			case !ok:
				inSight = false
			case method == "Wait" && !ix.InTest(id.Pos()):
				waits = append(waits, id)
			}
			return true
		})
		if !inSight {
			return nil, false
		}
	}
	return waits, true
}

// methodOn returns the name of the method called on the WaitGroup whose
// name ends stack (wg, or the Sel of s.wg), and whether it is the
// receiver of a method call at all.
func methodOn(stack []ast.Node) (string, bool) {
	i := len(stack) - 1
	if i < 1 {
		return "", false
	}
	if sel, ok := stack[i-1].(*ast.SelectorExpr); ok && sel.Sel == stack[i] {
		i-- // s.wg: the expression is the selector
	}
	if i < 2 {
		return "", false
	}
	sel, ok := stack[i-1].(*ast.SelectorExpr)
	if !ok || sel.X != stack[i] {
		return "", false
	}
	call, ok := stack[i-2].(*ast.CallExpr)
	if !ok || call.Fun != sel {
		return "", false
	}
	return sel.Sel.Name, true
}

// isWaitGroup reports whether t is sync.WaitGroup itself, not a pointer
// to one another value may share.
func isWaitGroup(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "WaitGroup"
}
