package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
)

// A waitAll is the call of a helper that takes every value r's goroutines
// send (see waitAllCall), and the collection whose length says how many
// that is.
type waitAll struct {
	call    *ast.CallExpr
	counter types.Object
	started token.Pos // where the last of those goroutines has started
}

// none reports whether a path that takes branch e has started none of the
// goroutines: e is the side of `if len(x) > 0` (or != 0, or == 0, either
// way round) on which x is empty, and the if statement follows every
// start.
func (w waitAll) none(c *checker, e paths.Edge) bool {
	if w.call == nil || e.Stmt == nil || e.Stmt.Pos() < w.started {
		return false
	}
	length := func(x ast.Expr) bool {
		l, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok || !model.IsBuiltin(c.p.Info, l.Fun, "len") || len(l.Args) != 1 {
			return false
		}
		id, ok := ast.Unparen(l.Args[0]).(*ast.Ident)
		return ok && c.p.Info.Uses[id] == w.counter
	}
	op, k, ok := branchHolds(e, length)
	return ok && (nilGuards{info: c.p.Info}).isZero(k) && (op == token.EQL || op == token.LEQ)
}

// waitAllCall returns the call, in r, of a function of the package that
// takes from site exactly as many values as r has started goroutines that
// send on it, or a waitAll with no call:
//
//	for ip, s := range pool {
//		if fresh(ip) {
//			go establish(s, res)
//		} else {
//			go modify(s, res)
//		}
//	}
//	waitAll(len(pool), res)
//
//	func waitAll(n int, res <-chan Result) {
//		for i := 0; i < n; i++ {
//			r := <-res
//			...
//		}
//	}
//
// The helper alone may stop receiving before the senders are done (its
// loop runs n times, whatever n is); with n the number of goroutines
// started, it answers every one. It qualifies when r makes the channel and
// hands it, and len(x) for the count, to the helper (see receivesCount),
// outside any loop and after every goroutine that sends on it has
// started; each of those sends exactly once on every path; nothing else
// sends; and x counts them (see countsGoroutines).
func (c *checker) waitAllCall(r *model.Func, site *model.Site) waitAll {
	if site.Func != r || r.Body() == nil {
		return waitAll{}
	}
	gos := make(map[*ast.GoStmt]bool)
	for _, s := range c.spawnsTouching(r, site) {
		sends := c.spawnSends(r, s, site)
		if sends.Max == 0 {
			continue
		}
		if s.Go == nil || sends != (model.Count{Min: 1, Max: 1}) {
			return waitAll{}
		}
		gos[s.Go] = true
	}
	if len(gos) == 0 {
		return waitAll{}
	}
	var found *model.Call
	for _, call := range r.Calls {
		e := c.p.NodeEffect(r, call.Expr, site)
		if e.Later.Sends.Max > 0 && !insideGo(call.Expr, gos) {
			return waitAll{} // goroutines started out of sight of the count
		}
		if call.Go || call.Defer || e.Now.Recvs.Max == 0 {
			continue
		}
		if found != nil || len(call.Loops) > 0 {
			return waitAll{} // one call takes the values, once
		}
		found = call
	}
	if found == nil {
		return waitAll{}
	}
	var started token.Pos
	for g := range gos {
		started = max(started, g.End())
	}
	if started > found.Expr.Pos() {
		return waitAll{}
	}
	x := c.receivesCount(found, site)
	if x == nil || !c.countsGoroutines(r, x, gos) {
		return waitAll{}
	}
	return waitAll{call: found.Expr, counter: x, started: started}
}

// receivesCount returns x when call hands the helper it calls the channel
// of site and len(x), and the helper receives from that channel exactly
// that many times: once at the top of each round of a loop
// `for i := 0; i < n; i++`, n the count, that nothing in its body can
// leave (no break, return or goto) and that stands in the helper's body
// with no return before it; the helper does nothing else with the channel,
// and assigns neither parameter.
func (c *checker) receivesCount(call *model.Call, site *model.Site) types.Object {
	h := call.Target
	if h == nil || h.Obj == nil || h.Body() == nil || h.Sig.Variadic() {
		return nil
	}
	chAt, nAt := -1, -1
	var x types.Object
	for i, arg := range call.Expr.Args {
		if c.p.Holds(arg, site) {
			if chAt >= 0 {
				return nil
			}
			chAt = i
		} else if l, ok := ast.Unparen(arg).(*ast.CallExpr); ok && model.IsBuiltin(c.p.Info, l.Fun, "len") && len(l.Args) == 1 {
			if id, ok := ast.Unparen(l.Args[0]).(*ast.Ident); ok && nAt < 0 {
				nAt, x = i, c.p.Info.Uses[id]
			}
		}
	}
	if chAt < 0 || nAt < 0 || x == nil || h.Sig.Params().Len() != len(call.Expr.Args) {
		return nil
	}
	ch, n := h.Sig.Params().At(chAt), h.Sig.Params().At(nAt)
	uses := 0
	var assigned bool
	ast.Inspect(h.Body(), func(nd ast.Node) bool {
		switch nd := nd.(type) {
		case *ast.Ident:
			if c.p.Info.Uses[nd] == ch {
				uses++
			}
		case *ast.AssignStmt:
			for _, l := range nd.Lhs {
				if id, ok := l.(*ast.Ident); ok && (c.p.Info.Uses[id] == ch || c.p.Info.Uses[id] == n) {
					assigned = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := nd.X.(*ast.Ident); ok && nd.Op == token.AND && (c.p.Info.Uses[id] == ch || c.p.Info.Uses[id] == n) {
				assigned = true
			}
		}
		return true
	})
	if uses != 1 || assigned {
		return nil
	}
	for _, st := range h.Body().List {
		if loop, ok := st.(*ast.ForStmt); ok && c.countedLoop(loop, n) {
			if len(loop.Body.List) > 0 && receivesFrom(c.p.Info, loop.Body.List[0], ch) && !leavesLoop(loop.Body) {
				return x
			}
			return nil
		}
		returns := false
		inspectOwn(st, func(nd ast.Node) {
			if _, ok := nd.(*ast.ReturnStmt); ok {
				returns = true
			}
		})
		if returns {
			return nil
		}
	}
	return nil
}

// countedLoop reports whether loop is `for i := 0; i < n; i++` and its
// body does not assign i.
func (c *checker) countedLoop(loop *ast.ForStmt, n *types.Var) bool {
	init, ok := loop.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
		return false
	}
	id, ok := init.Lhs[0].(*ast.Ident)
	if !ok || !(nilGuards{info: c.p.Info}).isZero(init.Rhs[0]) {
		return false
	}
	i := c.p.Info.Defs[id]
	names := func(e ast.Expr, v types.Object) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && v != nil && c.p.Info.Uses[id] == v
	}
	cond, ok := loop.Cond.(*ast.BinaryExpr)
	if !ok || cond.Op != token.LSS || !names(cond.X, i) || !names(cond.Y, n) {
		return false
	}
	post, ok := loop.Post.(*ast.IncDecStmt)
	if !ok || post.Tok != token.INC || !names(post.X, i) {
		return false
	}
	assigned := false
	ast.Inspect(loop.Body, func(nd ast.Node) bool {
		switch nd := nd.(type) {
		case *ast.AssignStmt:
			for _, l := range nd.Lhs {
				assigned = assigned || names(l, i)
			}
		case *ast.IncDecStmt:
			assigned = assigned || names(nd.X, i)
		case *ast.UnaryExpr:
			assigned = assigned || nd.Op == token.AND && names(nd.X, i)
		}
		return !assigned
	})
	return !assigned
}

// receivesFrom reports whether st is a plain receive from ch: <-ch, or
// v := <-ch, v, ok := <-ch, v = <-ch.
func receivesFrom(info *types.Info, st ast.Stmt, ch *types.Var) bool {
	var e ast.Expr
	switch st := st.(type) {
	case *ast.ExprStmt:
		e = st.X
	case *ast.AssignStmt:
		if len(st.Rhs) != 1 {
			return false
		}
		e = st.Rhs[0]
	default:
		return false
	}
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return false
	}
	id, ok := ast.Unparen(u.X).(*ast.Ident)
	return ok && info.Uses[id] == ch
}

// leavesLoop reports whether something in body, outside function
// literals, can leave the loop it is the body of before its count runs
// out: a break, a goto, a return, or a continue with a label.
func leavesLoop(body *ast.BlockStmt) bool {
	leaves := false
	inspectOwn(body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.ReturnStmt:
			leaves = true
		case *ast.BranchStmt:
			leaves = leaves || n.Tok != token.CONTINUE || n.Label != nil
		}
	})
	return leaves
}

// countsGoroutines reports whether len(x) is the number of goroutines of
// gos that r starts: either r starts one each round of a range over x,
// a variable of r that nothing assigns, on every path through the round
// (see oncePerRound); or x is a local slice of r that starts empty and
// grows only by one append next to each start, in the same list of
// statements and with nothing between them that can leave it (see
// appendedPerStart).
func (c *checker) countsGoroutines(r *model.Func, x types.Object, gos map[*ast.GoStmt]bool) bool {
	var loop *ast.RangeStmt
	perRound := true
	for _, s := range r.Spawns {
		if s.Go == nil || !gos[s.Go] {
			continue
		}
		rs, ok := (*ast.RangeStmt)(nil), len(s.Loops) == 1
		if ok {
			rs, ok = s.Loops[0].(*ast.RangeStmt)
		}
		if !ok || loop != nil && rs != loop {
			perRound = false
			break
		}
		loop = rs
	}
	if perRound && loop != nil {
		if id, ok := ast.Unparen(loop.X).(*ast.Ident); ok && c.p.Info.Uses[id] == x {
			return c.unassignedCollection(r, loop) == x && oncePerRound(loop.Body.List, gos)
		}
	}
	return c.appendedPerStart(r, x, gos)
}

// oncePerRound reports whether every path through list runs exactly one
// go statement of gos, and nothing in it can leave the round: each go
// statement stands in list, or in the branches of an if statement of
// list all of whose branches, an else included, run exactly one.
func oncePerRound(list []ast.Stmt, gos map[*ast.GoStmt]bool) bool {
	started := 0
	for _, st := range list {
		switch st := st.(type) {
		case *ast.GoStmt:
			if gos[st] {
				started++
				continue
			}
		case *ast.IfStmt:
			if startsIn(st, gos) {
				if !oncePerBranch(st, gos) {
					return false
				}
				started++
				continue
			}
		}
		if startsIn(st, gos) || leavesRound(st) {
			return false
		}
	}
	return started == 1
}

// oncePerBranch reports whether every branch of ifs, an else included,
// runs exactly one go statement of gos (see oncePerRound).
func oncePerBranch(ifs *ast.IfStmt, gos map[*ast.GoStmt]bool) bool {
	if !oncePerRound(ifs.Body.List, gos) {
		return false
	}
	switch e := ifs.Else.(type) {
	case *ast.BlockStmt:
		return oncePerRound(e.List, gos)
	case *ast.IfStmt:
		return oncePerBranch(e, gos)
	}
	return false // no else: a round that starts none
}

// startsIn reports whether n holds a go statement of gos.
func startsIn(n ast.Node, gos map[*ast.GoStmt]bool) bool {
	found := false
	inspectOwn(n, func(x ast.Node) {
		if g, ok := x.(*ast.GoStmt); ok && gos[g] {
			found = true
		}
	})
	return found
}

// leavesRound reports whether st, outside function literals, holds a
// statement that can leave the round: a branch or a return.
func leavesRound(st ast.Stmt) bool {
	leaves := false
	inspectOwn(st, func(n ast.Node) {
		switch n.(type) {
		case *ast.BranchStmt, *ast.ReturnStmt:
			leaves = true
		}
	})
	return leaves
}

// appendedPerStart reports whether x is a slice declared in r with no
// elements (var x []T, x := []T{}, x := make([]T, 0)), that r changes only
// by `x = append(x, e)` with one element, each followed in its list of
// statements by one start — a go statement of gos, or an if statement
// each branch of which, an else included, runs one (see oncePerBranch) —
// with nothing between that can leave the list or append again, and
// whether every go statement of gos is in such a start: x's length is then
// the number of goroutines started.
func (c *checker) appendedPerStart(r *model.Func, x types.Object, gos map[*ast.GoStmt]bool) bool {
	v, ok := x.(*types.Var)
	if !ok || v.Pos() < r.Body().Pos() || v.Pos() >= r.Body().End() {
		return false
	}
	if _, ok := v.Type().Underlying().(*types.Slice); !ok || !c.declaredEmpty(r, v) {
		return false
	}
	names := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && c.p.Info.Uses[id] == v
	}
	isAppend := func(st ast.Stmt) bool {
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 || !names(as.Lhs[0]) {
			return false
		}
		call, ok := as.Rhs[0].(*ast.CallExpr)
		return ok && model.IsBuiltin(c.p.Info, call.Fun, "append") && len(call.Args) == 2 && !call.Ellipsis.IsValid() && names(call.Args[0])
	}
	// Each append pairs with the start that follows it: a go statement of
	// gos, or an if statement each branch of which runs one.
	starts := make(map[ast.Stmt]bool)
	covered := make(map[*ast.GoStmt]bool)
	appends, ok := 0, true
	eachList(r.Body(), func(list []ast.Stmt, _ ast.Stmt) {
		for i, st := range list {
			if !isAppend(st) {
				continue
			}
			appends++
			paired := false
			for _, next := range list[i+1:] {
				if g, isGo := next.(*ast.GoStmt); isGo && gos[g] {
					starts[g], covered[g], paired = true, true, true
				} else if ifs, isIf := next.(*ast.IfStmt); isIf && startsIn(ifs, gos) && oncePerBranch(ifs, gos) {
					starts[ifs], paired = true, true
					inspectOwn(ifs, func(n ast.Node) {
						if g, isGo := n.(*ast.GoStmt); isGo && gos[g] {
							covered[g] = true
						}
					})
				}
				if paired || isAppend(next) || leavesRound(next) || startsIn(next, gos) {
					break
				}
			}
			ok = ok && paired
		}
	})
	if !ok || appends != len(starts) || len(covered) != len(gos) {
		return false
	}
	// Nothing else writes x: every assignment to it is one of the appends.
	writes := 0
	ast.Inspect(r.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if names(l) {
					writes++
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && names(n.X) {
				writes += 2
			}
		}
		return true
	})
	return writes == appends
}

// declaredEmpty reports whether v is declared with no elements: var v
// []T, v := []T{}, or v := make([]T, 0[, cap]).
func (c *checker) declaredEmpty(r *model.Func, v *types.Var) bool {
	empty := false
	value := func(e ast.Expr) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.CompositeLit:
			return len(e.Elts) == 0
		case *ast.CallExpr:
			return model.IsBuiltin(c.p.Info, e.Fun, "make") && len(e.Args) >= 2 && (nilGuards{info: c.p.Info}).isZero(e.Args[1])
		}
		return false
	}
	ast.Inspect(r.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if c.p.Info.Defs[id] == v {
					empty = len(n.Values) == 0 || i < len(n.Values) && value(n.Values[i])
				}
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && c.p.Info.Defs[id] == v && i < len(n.Rhs) {
					empty = len(n.Lhs) == len(n.Rhs) && value(n.Rhs[i])
				}
			}
		}
		return true
	})
	return empty
}
