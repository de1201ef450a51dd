package lockorder

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
)

// unheldWaits reports a sync.Cond's Wait that a goroutine makes before it
// has called anything else. A goroutine starts holding no lock, so there
// it cannot hold the Cond's L, which Wait must be called with: Wait
// begins by unlocking L. With no goroutine holding L that is a fatal
// error; with another holding it, that goroutine's lock is taken from it
// in the middle of its critical section, and Wait, once woken, locks L
// again for a goroutine that never meant to hold it — the shape of a
// Kubernetes notifier that waited on its Cond in a helper goroutine while
// the loop that started it held the lock.
//
// The goroutines are those of go statements whose function is in the
// package, and the function values handed to a function of the package
// that runs its parameter in a goroutine of its own (After(func() {
// cond.Wait() }) where After starts go func() { f() }()).
func (c *checker) unheldWaits() {
	for _, s := range c.p.Spawns {
		if s.Go == nil || s.Func == nil {
			continue
		}
		c.unheldWait(s.Func, s)
		for _, i := range c.paramsRun(s) {
			for _, call := range s.Enclosing.Callers {
				if i < len(call.Expr.Args) && !call.Go {
					if f := c.p.FuncValue(call.Expr.Args[i]); f != nil {
						c.unheldWait(f, s)
					}
				}
			}
		}
	}
}

// paramsRun returns the indices of the parameters of the function that
// makes the go statement s that s's function literal calls: the functions
// handed in that way run in the goroutine s starts.
func (c *checker) paramsRun(s *model.Spawn) []int {
	if s.Enclosing == nil || s.Func.Lit == nil {
		return nil
	}
	params := s.Enclosing.Sig.Params()
	var run []int
	for _, call := range s.Func.Calls {
		id, ok := ast.Unparen(call.Expr.Fun).(*ast.Ident)
		if !ok {
			continue
		}
		for i := range params.Len() {
			if params.At(i) == c.p.Info.Uses[id] && !c.p.Assigned(params.At(i)) {
				run = append(run, i)
			}
		}
	}
	return run
}

// unheldWait reports f's Wait on a sync.Cond when it is the first call f
// makes (conversions and builtins aside; a deferred call runs last), as
// the body of the goroutine s starts.
func (c *checker) unheldWait(f *model.Func, s *model.Spawn) {
	var first *ast.CallExpr
	ast.Inspect(f.Node(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == f.Lit
		case *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if first != nil {
				return false
			}
			tv := c.p.Info.Types[n.Fun]
			if tv.IsType() || tv.IsBuiltin() {
				return true
			}
			first = n
			return false
		}
		return first == nil
	})
	if first == nil {
		return
	}
	sel, ok := ast.Unparen(first.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Wait" || !concur.IsNamed(c.p.Info.TypeOf(sel.X), "sync", "Cond") {
		return
	}
	if _, isMethod := c.p.Info.Uses[sel.Sel].(*types.Func); !isMethod {
		return
	}
	cond := types.ExprString(sel.X)
	c.report(first.Pos(), fmt.Sprintf("%s.Wait() is the first call of a goroutine (started at %s), which holds no lock there: Wait unlocks %s.L, a fatal error if no goroutine holds it, and another goroutine's lock taken from it if one does; lock %s.L in this goroutine before waiting",
		cond, c.where(s.Go.Pos(), first.Pos()), cond, cond))
}
