package wgadd

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// An Add inside the goroutine is ordered before the Wait when the
// goroutine makes it before a handshake on a channel, and the other side
// of the handshake comes before any Wait:
//
//	func (c *cacher) start() {
//		c.wg.Add(1)
//		defer c.wg.Done()
//		c.started <- struct{}{} // unbuffered: the spawner receives it
//		...
//	}
//
//	go c.start()
//	<-c.started        // from here on, the Add has happened
//	downloaders[k] = c // only now can anyone reach c.wg.Wait
//
// The channel synchronises the two goroutines the way an Add before the
// go statement would. The handshake runs one way or the other: the
// goroutine sends (or closes) and the spawner receives, right after the
// go statement; or the goroutine receives and every waiter sends before
// it waits. Either way the channel must be one the package sees whole:
// made unbuffered in the package, never handed to code out of sight.

// handshaken reports whether add, in s's goroutine, comes before a
// handshake that orders it before every Wait of its WaitGroup. The Add
// must be a statement of the goroutine's body itself, not of a branch, so
// that it runs on every path before the statements that follow it.
func handshaken(pass *analysis.Pass, ix *model.Program, s *model.Spawn, add addCall) bool {
	body := s.Func.Body()
	at := -1
	for i, st := range body.List {
		if e, ok := st.(*ast.ExprStmt); ok && ast.Unparen(e.X) == ast.Expr(add.call) {
			at = i
		}
	}
	if at < 0 {
		return false
	}
	afterAdd := func(n ast.Node) bool {
		for _, st := range body.List[at+1:] {
			if st.Pos() <= n.Pos() && n.End() <= st.End() {
				return true
			}
		}
		return false
	}
	return spawnerReceives(pass.TypesInfo, ix, s, afterAdd) || waitersSend(pass, ix, s, add, afterAdd)
}

// spawnerReceives reports whether the goroutine sends on (or closes) a
// channel once, after its Add, and the function that starts it receives
// from that channel right after the go statement: in the same statement
// list, with nothing in between that could publish a value or wait (see
// inert). The Add then happens before the receive, and so before
// anything the spawner does next: before anyone else can reach the
// WaitGroup through it, and before its own Wait.
//
// The send must be on an unbuffered channel; a close serves whatever the
// capacity. It must be the only send or close of the channel in the
// package, outside any loop, so that the receive cannot be answered by
// another goroutine, or by an earlier round of this one.
func spawnerReceives(info *types.Info, ix *model.Program, s *model.Spawn, afterAdd func(ast.Node) bool) bool {
	if s.Go == nil || s.Enclosing == nil {
		return false
	}
	list, g := enclosingList(s.Enclosing.Body(), s.Go)
	if list == nil {
		return false
	}
	for _, st := range list[g+1:] {
		if recv := bareRecv(ix, s.Enclosing, st); recv != nil {
			sites, ok := handshakeSites(ix, recv.Chan)
			if !ok {
				return false
			}
			var signal *model.Op
			for _, op := range opsOf(ix, sites) {
				if op.Kind != model.Send && op.Kind != model.Close {
					continue
				}
				if signal != nil && signal != op {
					return false
				}
				signal = op
			}
			if signal == nil || signal.Func != s.Func || signal.Loop() != nil || !afterAdd(signal.Node) {
				return false
			}
			if signal.Kind == model.Send {
				for _, site := range sites {
					if site.Cap != 0 {
						return false // buffered: the send completes without the receive
					}
				}
			}
			return true
		}
		if !inert(info, st) {
			return false
		}
	}
	return false
}

// waitersSend reports whether every Wait of add's WaitGroup in the
// package comes after a send on an unbuffered channel, in its function,
// on every path (a send statement earlier in a statement list that holds
// the Wait), and every receive from that channel is the goroutine's own,
// after its Add. An unbuffered send completes only once a receive takes
// it, and the receive comes after the Add: the Add happens before the
// Wait. The WaitGroup must be unexported, so that no Wait is out of
// sight.
//
//	func (s *sub) Unsubscribe() {
//		s.unsub <- true // taken only by run, after its Add
//		s.wg.Wait()
//	}
func waitersSend(pass *analysis.Pass, ix *model.Program, s *model.Spawn, add addCall, afterAdd func(ast.Node) bool) bool {
	info := pass.TypesInfo
	wg, ok := objOf(info, add.recv).(*types.Var)
	if !ok || wg.Exported() {
		return false
	}
	waits := 0
	for _, f := range pass.Files {
		ok := true
		ast.PreorderStack(f, nil, func(n ast.Node, stack []ast.Node) bool {
			sel, isSel := n.(*ast.SelectorExpr)
			if !ok || !isSel || sel.Sel.Name != "Wait" || objOf(info, sel.X) != wg || len(stack) == 0 {
				return ok
			}
			if call, isCall := stack[len(stack)-1].(*ast.CallExpr); !isCall || call.Fun != ast.Expr(sel) {
				ok = false // a method value: waited on out of sight
				return false
			}
			waits++
			ok = sentBefore(ix, s, append(stack, n), afterAdd)
			return ok
		})
		if !ok {
			return false
		}
	}
	return waits > 0
}

// sentBefore reports whether a statement list around the end of path,
// within its function, has before it a send statement on a handshake
// channel whose every receive is s's goroutine's own, after its Add.
func sentBefore(ix *model.Program, s *model.Spawn, path []ast.Node, afterAdd func(ast.Node) bool) bool {
	for i := len(path) - 2; i >= 0; i-- {
		switch path[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return false
		}
		list, _ := model.StmtList(path[i])
		for _, st := range list {
			if st == path[i+1] {
				break
			}
			send, ok := st.(*ast.SendStmt)
			if !ok {
				continue
			}
			sites, ok := handshakeSites(ix, send.Chan)
			if !ok || !unbuffered(sites) {
				continue
			}
			mine := true
			for _, op := range opsOf(ix, sites) {
				if (op.Kind == model.Recv || op.Kind == model.Range) && (op.Func != s.Func || !afterAdd(op.Node)) {
					mine = false
				}
			}
			if mine {
				return true
			}
		}
	}
	return false
}

// handshakeSites returns the channels ch may hold when the package sees
// each of them whole: made in the package, never reachable from other
// packages, handed to a call or put where the package loses sight of it.
func handshakeSites(ix *model.Program, ch ast.Expr) ([]*model.Site, bool) {
	sites, opaque := ix.PointsTo(ch)
	if opaque || len(sites) == 0 {
		return nil, false
	}
	for _, site := range sites {
		if site.Make == nil || ix.Public(site) {
			return nil, false
		}
		for _, op := range ix.OpsOf(site) {
			if op.Kind == model.Pass || op.Kind == model.Escape {
				return nil, false
			}
		}
	}
	return sites, true
}

func unbuffered(sites []*model.Site) bool {
	for _, site := range sites {
		if site.Cap != 0 {
			return false
		}
	}
	return true
}

// opsOf returns the operations on any of sites, each once.
func opsOf(ix *model.Program, sites []*model.Site) []*model.Op {
	seen := make(map[*model.Op]bool)
	var out []*model.Op
	for _, site := range sites {
		for _, op := range ix.OpsOf(site) {
			if !seen[op] {
				seen[op] = true
				out = append(out, op)
			}
		}
	}
	return out
}

// enclosingList returns the statement list of body that holds st, and
// st's index in it.
func enclosingList(body *ast.BlockStmt, st ast.Stmt) ([]ast.Stmt, int) {
	var list []ast.Stmt
	at := -1
	ast.Inspect(body, func(n ast.Node) bool {
		if at >= 0 {
			return false
		}
		var l []ast.Stmt
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BlockStmt:
			l = n.List
		case *ast.CaseClause:
			l = n.Body
		case *ast.CommClause:
			l = n.Body
		}
		for i, s := range l {
			if s == st {
				list, at = l, i
			}
		}
		return at < 0
	})
	return list, at
}

// bareRecv returns the receive st is, when st is one of fn's own: <-ch,
// v := <-ch, v, ok = <-ch. A select is not one: it may take another case.
func bareRecv(ix *model.Program, fn *model.Func, st ast.Stmt) *model.Op {
	x := model.StmtValue(st)
	if x == nil {
		return nil
	}
	for _, op := range fn.Ops {
		if op.Kind == model.Recv && op.Node == ast.Unparen(x) {
			return op
		}
	}
	return nil
}

// inert reports whether st, run between the go statement and the
// receive, can neither publish a value nor wait nor leave: it calls
// nothing but builtins and conversions, sends and receives nothing,
// starts and defers nothing, does not jump or return, and assigns only
// local variables.
func inert(info *types.Info, st ast.Stmt) bool {
	ok := true
	local := func(e ast.Expr) bool {
		id, isID := ast.Unparen(e).(*ast.Ident)
		if !isID {
			return false
		}
		v, isVar := info.ObjectOf(id).(*types.Var)
		return id.Name == "_" || isVar && v.Pkg() != nil && v.Parent() != v.Pkg().Scope()
	}
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			tv, known := info.Types[n.Fun]
			ok = ok && known && (tv.IsType() || tv.IsBuiltin())
		case *ast.SendStmt, *ast.GoStmt, *ast.DeferStmt, *ast.ReturnStmt, *ast.BranchStmt,
			*ast.LabeledStmt, *ast.SelectStmt, *ast.FuncLit:
			ok = false
		case *ast.UnaryExpr:
			ok = ok && n.Op != token.ARROW
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				ok = ok && local(l)
			}
		case *ast.IncDecStmt:
			ok = ok && local(n.X)
		}
		return ok
	})
	return ok
}
