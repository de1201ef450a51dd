package wgadd

import (
	"go/ast"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
)

// By default the check reports an Add only where the race is in sight in
// one function: the function that starts the goroutine goes on to Wait on
// the same WaitGroup, so that every run of it races its own goroutines'
// Add, as in the package documentation's example. An Add whose Wait is
// elsewhere — a Stop or Close method, a shutdown hook — races only when
// that Wait is called while the goroutine is starting, which depends on
// callers the check cannot see (on the repositories measured, often only
// as the process or a component shut down), so those findings are an
// audit rule (-wgadd.audit).

// waitedBySpawner reports whether the function that starts s calls Wait,
// in its own body and after the start, on the WaitGroup that add counts.
func waitedBySpawner(info *types.Info, s *model.Spawn, add addCall) bool {
	if s.Enclosing == nil || s.Enclosing.Body() == nil {
		return false
	}
	want := spawnerWaitGroup(info, s, add.recv)
	if want == nil {
		return false
	}
	start := s.Node().End()
	found := false
	ast.Inspect(s.Enclosing.Body(), func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false // runs when called, not in this order
		}
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Pos() < start {
			return true
		}
		c, ok := concur.CallOf(info, call)
		if ok && c.Family == concur.WaitGroup && c.Role == concur.Wait && c.Recv != nil && objOf(info, c.Recv) == want {
			found = true
		}
		return true
	})
	return found
}

// spawnerWaitGroup returns the variable or field that, in the function
// starting s, names the WaitGroup recv names in s's function: the same
// variable or field, or, for a parameter of a function started with go,
// what the go statement passes for it.
func spawnerWaitGroup(info *types.Info, s *model.Spawn, recv ast.Expr) types.Object {
	obj := objOf(info, recv)
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || s.Func == nil || s.Func.Lit != nil {
		return obj
	}
	params := slices.Collect(s.Func.Sig.Params().Variables())
	if i := slices.Index(params, v); i >= 0 {
		if i >= len(s.Args) {
			return nil // variadic, or a group task's function: not what the spawner names
		}
		return objOf(info, s.Args[i])
	}
	return obj
}
