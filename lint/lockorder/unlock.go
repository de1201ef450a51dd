package lockorder

import (
	"go/ast"
	"go/token"
	"slices"

	"github.com/leash-go/leash/lint/internal/locks"
	"github.com/leash-go/leash/lint/internal/model"
)

// Prepare finds, for each Lock of the function's own body, the statement
// list that holds it, and marks the statement ending that list so that the
// reporting pass keeps the state after it.
func (c *checker) Prepare(w *locks.Walk) {
	s := &walkState{
		lists:     make(map[*ast.CallExpr][]ast.Stmt),
		topOfLoop: make(map[*ast.CallExpr]bool),
	}
	w.Rule = s
	ast.PreorderStack(w.F.Model.Body(), nil, func(n ast.Node, stack []ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if o, _, ok := c.a.MutexOp(n); !ok || (o != model.Lock && o != model.RLock) {
				return true
			}
			for i := len(stack) - 1; i >= 0; i-- {
				list, ok := model.StmtList(stack[i])
				if !ok {
					continue
				}
				s.lists[n] = list
				if i > 0 && (isLoopBody(stack[i-1], stack[i])) && !nestedCall(stack[i+1:]) {
					s.topOfLoop[n] = true
				}
				if last := lastNode(list); last != nil {
					w.Want[last] = true
				}
				break
			}
		}
		return true
	})
}

func isLoopBody(parent, block ast.Node) bool {
	switch p := parent.(type) {
	case *ast.ForStmt:
		return p.Body == block
	case *ast.RangeStmt:
		return p.Body == block
	}
	return false
}

// nestedCall reports whether a path from a statement down to a Lock call
// goes through another statement (a branch) rather than expressions only.
func nestedCall(path []ast.Node) bool {
	for _, n := range path[1:] {
		if _, ok := n.(ast.Stmt); ok {
			return true
		}
	}
	return false
}

// lastNode is the control-flow node that ends list when list ends with a
// simple statement; nil when it ends with a compound one.
func lastNode(list []ast.Stmt) ast.Node {
	if len(list) == 0 {
		return nil
	}
	switch s := list[len(list)-1].(type) {
	case *ast.LabeledStmt:
		return lastNode([]ast.Stmt{s.Stmt})
	case *ast.BlockStmt:
		return lastNode(s.List)
	case *ast.DeclStmt:
		if g, ok := s.Decl.(*ast.GenDecl); ok && len(g.Specs) > 0 {
			return g.Specs[len(g.Specs)-1]
		}
		return nil
	case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.BranchStmt:
		return nil
	default:
		return s
	}
}

// endState returns the state where list ends normally: after its last
// statement, or at its final return. ok is false when that point is not
// reached, or list ends in a jump.
func endState(w *locks.Walk, list []ast.Stmt) (*locks.State, bool) {
	if len(list) == 0 {
		return nil, false
	}
	switch s := list[len(list)-1].(type) {
	case *ast.LabeledStmt:
		return endState(w, []ast.Stmt{s.Stmt})
	case *ast.BlockStmt:
		return endState(w, s.List)
	case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
		st, ok := w.DoneIn[s]
		return st, ok
	case *ast.BranchStmt:
		return nil, false
	}
	last := lastNode(list)
	if last == nil {
		return nil, false
	}
	st, ok := w.After[last]
	return st, ok
}

// Done reports, once the function is walked, a Lock whose function can return with the mutex
// still locked, on a path other than the one it normally takes: the
// statements that follow the Lock unlock it where they end, but an early
// return (or a break out of the loop it is in) does not. Every later Lock
// of the mutex then waits forever.
//
// A function that returns holding the lock on its normal path — a lock
// helper, or one that locks only on success — is left alone, and so is a
// mutex whose unlock is deferred or handed on (to a function literal, or
// as a method value), or a lock the function's result hands to callers
// that all unlock it (see handedOff).
func (c *checker) Done(w *locks.Walk) {
	s := ws(w)
	for _, ls := range w.Locks {
		k := ls.Ref.Key()
		if w.F.Escapes[k] || s.relocked[k] || c.handedOver(w, k) || c.entersHeld(w, k) {
			continue
		}
		site := ls.Call.Pos()
		heldHere := func(h locks.Hold) bool { return h.Site == site }
		var leak *locks.Exit
		for i, e := range w.Exits {
			if e.Panic || slices.Contains(e.State.Deferred, k) || !slices.ContainsFunc(e.State.May, heldHere) || c.onFailedAssertion(w.F.Model.Body(), e.Pos) {
				continue
			}
			if leak == nil || e.Pos < leak.Pos {
				leak = &w.Exits[i]
			}
		}
		if leak == nil {
			continue
		}
		end, ok := endState(w, s.lists[ls.Call])
		if !ok || slices.ContainsFunc(end.May, heldHere) || c.handedOff(w, ls.Ref) || c.unshared(w.F.Model.Body(), ls.Ref, leak.Pos) {
			continue
		}
		c.reportMissingUnlock(ls.Call, ls.Ref, ls.Read, leak.Pos)
	}
}

// entersHeld reports whether the function unlocks the mutex k before it
// first locks it: it is entered with the lock held, and its Lock takes the
// lock back after stepping out of it (a ...Locked helper that drops the
// lock around a network call). Returning with it held is its contract.
func (c *checker) entersHeld(w *locks.Walk, k model.RefKey) bool {
	body := w.F.Model.Body()
	if body == nil {
		return false
	}
	first := map[bool]token.Pos{} // unlock? → first position
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		unlock := sel.Sel.Name == "Unlock" || sel.Sel.Name == "RUnlock"
		if !unlock && sel.Sel.Name != "Lock" && sel.Sel.Name != "RLock" {
			return true
		}
		if r, ok := model.ReceiverRef(c.pass.TypesInfo, sel); ok && r.Key() == k {
			if at, seen := first[unlock]; !seen || call.Pos() < at {
				first[unlock] = call.Pos()
			}
		}
		return true
	})
	u, unlocked := first[true]
	l, locked := first[false]
	return unlocked && (!locked || u < l)
}
