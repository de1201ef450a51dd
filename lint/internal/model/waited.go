package model

import (
	"go/ast"
	"go/types"

	"github.com/leash-go/leash/lint/internal/concur"
)

// WaitedEachRound reports whether every goroutine s starts is done before
// the iteration of loop (one of s.Loops) that started it ends: a later
// statement of the round — in the block or branch that holds the spawn, or
// after it in an enclosing one of the loop's body — reached on every way
// on from the spawn, waits for them — the group's Wait for a group task, or Wait on a WaitGroup the
// goroutine marks done. The loop variable cannot change while they read
// it, and the loop's rounds do not add up to more goroutines at once:
//
//	for _, entry := range entries {
//		var wg sync.WaitGroup
//		for i := 0; i < n; i++ {
//			wg.Add(1)
//			go func() { defer wg.Done(); rebuild(entry) }()
//		}
//		wg.Wait() // every goroutine is done before entry changes
//	}
func WaitedEachRound(info *types.Info, s *Spawn, loop ast.Stmt) bool {
	body := LoopBody(loop)
	if body == nil || s.Func == nil {
		return false
	}
	waited := waitedFor(info, s)
	if len(waited) == 0 {
		return false
	}
	// The statement lists of the round that hold the spawn, outermost
	// first: the loop's body, then the branches and blocks within it (the
	// go statement and its Wait in one case of a switch).
	var lists [][]ast.Stmt
	var at []int
	holds := func(n ast.Node) bool { return n.Pos() <= s.Node().Pos() && s.Node().End() <= n.End() }
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || !holds(n) {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if list, ok := StmtList(n); ok {
			for i, st := range list {
				if holds(st) {
					lists, at = append(lists, list), append(at, i)
				}
			}
		}
		return true
	})
	// From the innermost list out: a Wait for the goroutine after it, with
	// no way to leave the round before it.
	for k := len(lists) - 1; k >= 0; k-- {
		for _, stmt := range lists[k][at[k]+1:] {
			if call, ok := waitCall(stmt); ok {
				if c, ok := concur.CallOf(info, call); ok && c.Role == concur.Wait && c.Recv != nil {
					if key, ok := KeyOf(info, c.Recv); ok && waited[key] {
						return true
					}
				}
			}
			if leavesEarly(stmt) {
				return false // the wait may be skipped
			}
		}
	}
	return false
}

// waitedFor returns what a Wait must be called on to wait for s: its group
// for a group task, the WaitGroups the goroutine marks done for a go
// statement.
func waitedFor(info *types.Info, s *Spawn) map[RefKey]bool {
	keys := make(map[RefKey]bool)
	if s.Go == nil {
		if s.Call.Recv != nil {
			if key, ok := KeyOf(info, s.Call.Recv); ok {
				keys[key] = true
			}
		}
		return keys
	}
	body := s.Func.Body()
	if body == nil {
		return keys
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if k, ok := concur.CallOf(info, call); ok && k.Role == concur.Done && k.Recv != nil {
				if key, ok := KeyOf(info, k.Recv); ok {
					keys[key] = true
				}
			}
		}
		return true
	})
	return keys
}

// waitCall returns the call a statement consists of: x.Wait() or
// _ = x.Wait(), say.
func waitCall(stmt ast.Stmt) (*ast.CallExpr, bool) {
	e := StmtValue(stmt)
	if s, ok := stmt.(*ast.IfStmt); ok && s.Init != nil {
		e = StmtValue(s.Init) // if err := g.Wait(); err != nil
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return call, ok
}

// leavesEarly reports whether stmt may leave the iteration or the function
// (a return, a break, continue or goto, a panic) without going on to the
// statements after it.
func leavesEarly(stmt ast.Stmt) bool {
	leaves := false
	ast.Inspect(stmt, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.BranchStmt:
			leaves = true
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "panic" {
				leaves = true
			}
		}
		return !leaves
	})
	return leaves
}
