package model

import (
	"go/ast"
	"go/token"
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
//
// Or, for a go statement whose goroutine ends by sending on a channel, or
// closing it, that nothing else in the starting function sends on or
// closes (see endSignal), a receive from that channel the round makes on
// every way on (in a select, in every case, or a case that returns from
// the function, which ends the loop): the goroutine has nothing left to
// do once its value is taken, or the channel is closed.
//
//	for _, msg := range msgs {
//		go func() { c <- handle(msg) }()
//		select {
//		case ok = <-c:
//		case <-stop:
//			ok = <-c // the goroutine is done with msg here too
//		}
//	}
func WaitedEachRound(info *types.Info, s *Spawn, loop ast.Stmt) bool {
	return waitAfter(info, s, LoopBody(loop), true) != nil
}

// WaitedBeforeReturn returns the statement of the function that makes s
// (a spawn in no loop) that waits for its goroutine before the function
// can return, as WaitedEachRound finds one in a round: a later statement
// reached on every way on from the spawn; or nil.
//
//	go func() { defer wg.Done(); fetch() }()
//	wg.Wait() // the function returns only after fetch has
func WaitedBeforeReturn(info *types.Info, s *Spawn) ast.Stmt {
	if s.Enclosing == nil || len(s.Loops) > 0 {
		return nil
	}
	return waitAfter(info, s, s.Enclosing.Body(), false)
}

// waitAfter returns the statement of body, after s, that waits for the
// goroutines s starts (see WaitedEachRound), or nil. With inRound, a
// select case that returns from the function instead of receiving ends
// the round as well as a receive would: no later round starts, and the
// loop variable does not change again.
func waitAfter(info *types.Info, s *Spawn, body *ast.BlockStmt, inRound bool) ast.Stmt {
	if body == nil || s.Func == nil {
		return nil
	}
	waited := waitedFor(info, s)
	last := endSignal(info, s)
	if len(waited) == 0 && last == nil {
		return nil
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
			if last != nil && receivesOnEveryPath(info, stmt, last, inRound) {
				return stmt
			}
			if call, ok := waitCall(stmt); ok {
				if c, ok := concur.CallOf(info, call); ok && c.Role == concur.Wait && c.Recv != nil {
					if key, ok := KeyOf(info, c.Recv); ok && waited[key] {
						return stmt
					}
				}
			}
			if leavesEarly(stmt) {
				return nil // the wait may be skipped
			}
		}
	}
	return nil
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

// waitCall returns the call a statement consists of: x.Wait(),
// _ = x.Wait() or return x.Wait(), say.
func waitCall(stmt ast.Stmt) (*ast.CallExpr, bool) {
	e := StmtValue(stmt)
	switch s := stmt.(type) {
	case *ast.IfStmt:
		if s.Init != nil {
			e = StmtValue(s.Init) // if err := g.Wait(); err != nil
		}
	case *ast.ReturnStmt:
		if len(s.Results) == 1 {
			e = s.Results[0] // return g.Wait()
		}
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

// endSignal returns the local channel variable a go statement's goroutine
// signals its end on — it sends on it as its last statement, or closes it
// last: close(c) as its last statement, or defer close(c) as its first,
// which runs after every other deferred call — when nothing else in the
// function that starts the goroutine (literals included) sends on it or
// closes it, and the channel is handed nowhere else; or nil. A receive
// from it returns only once the goroutine has nothing left to do.
func endSignal(info *types.Info, s *Spawn) *types.Var {
	if s.Go == nil || s.Func == nil || s.Enclosing == nil {
		return nil
	}
	outer := s.Enclosing
	for outer.Parent != nil {
		outer = outer.Parent
	}
	if outer.Body() == nil {
		return nil
	}
	body := s.Func.Body()
	if body == nil || len(body.List) == 0 {
		return nil
	}
	var signal ast.Node // the send or the close
	var ch ast.Expr
	switch last := body.List[len(body.List)-1].(type) {
	case *ast.SendStmt:
		signal, ch = last, last.Chan
	case *ast.ExprStmt:
		if c := closeCall(info, last.X); c != nil {
			signal, ch = c, c.Args[0]
		}
	}
	if d, ok := body.List[0].(*ast.DeferStmt); ok && signal == nil && closeCall(info, d.Call) != nil {
		signal, ch = d.Call, d.Call.Args[0]
	}
	if signal == nil {
		return nil
	}
	v := chanVar(info, ch)
	if v == nil || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
		return nil // a package variable: any function may send on it
	}
	only := true
	ast.Inspect(outer.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			if n != signal && chanVar(info, n.Chan) == v {
				only = false
			}
		case *ast.CallExpr:
			for _, a := range n.Args {
				if n != signal && chanVar(info, a) == v {
					only = false // closed elsewhere, or handed to code that may send on it
				}
			}
		case *ast.AssignStmt:
			for _, r := range n.Rhs {
				if chanVar(info, r) == v {
					only = false // another name for it
				}
			}
		}
		return only
	})
	if !only {
		return nil
	}
	return v
}

// closeCall returns e as a call of the builtin close, or nil.
func closeCall(info *types.Info, e ast.Expr) *ast.CallExpr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "close" {
			return call
		}
	}
	return nil
}

// chanVar returns the local or package variable a channel expression
// names, or nil.
func chanVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.Uses[id].(*types.Var)
	return v
}

// receivesOnEveryPath reports whether stmt receives from the channel c on
// every way through it: a receive statement or assignment, a select
// without default each of whose cases receives from c or then does so
// itself (or, with orReturns, returns from the function), an if whose
// both branches do, a block one of whose statements does before anything
// may leave it.
func receivesOnEveryPath(info *types.Info, stmt ast.Stmt, c *types.Var, orReturns bool) bool {
	switch st := stmt.(type) {
	case *ast.ExprStmt, *ast.AssignStmt:
		return isRecvFrom(info, StmtValue(st), c)
	case *ast.SelectStmt:
		for _, s := range st.Body.List {
			cc := s.(*ast.CommClause)
			if cc.Comm == nil {
				return false // default: nothing received
			}
			if _, isSend := cc.Comm.(*ast.SendStmt); !isSend && isRecvFrom(info, StmtValue(cc.Comm), c) {
				continue
			}
			if !listReceives(info, cc.Body, c, orReturns) && !(orReturns && returnsAtEnd(cc.Body)) {
				return false
			}
		}
		return len(st.Body.List) > 0
	case *ast.IfStmt:
		return st.Else != nil && listReceives(info, st.Body.List, c, orReturns) && receivesOnEveryPath(info, st.Else, c, orReturns)
	case *ast.BlockStmt:
		return listReceives(info, st.List, c, orReturns)
	}
	return false
}

// listReceives reports whether a statement of list receives from c on
// every way through it before any statement that may leave the list.
func listReceives(info *types.Info, list []ast.Stmt, c *types.Var, orReturns bool) bool {
	for _, st := range list {
		if receivesOnEveryPath(info, st, c, orReturns) {
			return true
		}
		if leavesEarly(st) {
			return false
		}
	}
	return false
}

// returnsAtEnd reports whether list ends in a return statement and
// nothing before it may leave the list: every way through it returns
// from the function.
func returnsAtEnd(list []ast.Stmt) bool {
	if len(list) == 0 {
		return false
	}
	if _, ok := list[len(list)-1].(*ast.ReturnStmt); !ok {
		return false
	}
	for _, st := range list[:len(list)-1] {
		if leavesEarly(st) {
			return false
		}
	}
	return true
}

// isRecvFrom reports whether e is <-c.
func isRecvFrom(info *types.Info, e ast.Expr, c *types.Var) bool {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	return ok && u.Op == token.ARROW && chanVar(info, u.X) == c
}
