package blockingsend

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/flow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// many stands for "an unknown number of times": a count inside a loop.
const many = 1 << 30

// localChan is a channel made by the function that starts its senders.
type localChan struct {
	v    *types.Var
	make *ast.CallExpr
	cap  int // -1 when not a constant
}

// sender is a goroutine, started by the channel's maker, that sends on it.
type sender struct {
	// sites are where it sends outside any select: send statements in a
	// goroutine literal, calls in one that pass the channel to a function
	// that sends on it, or the go statement running such a function.
	sites []ast.Node
	spawn ast.Node // the go statement or group call that started it
	count int      // values sent per run of the goroutine (many if looped)
	// before holds, for each site of a goroutine literal, the most values
	// it may have sent before that site; nil when unknown.
	before map[ast.Node]int
}

// localChannels reports a send, in a goroutine, on a channel made by the
// function that started the goroutine, when that function can stop
// receiving before it has taken every value and the buffer cannot hold the
// rest: it waits in a select that can take another case, returns early,
// stops ranging, or receives fewer values than are sent. This is the leak
// behind the select-timeout pattern
//
//	ch := make(chan T)
//	go func() { ch <- f() }()
//	select {
//	case v := <-ch:
//	case <-ctx.Done():
//		return
//	}
func (c *checker) localChannels() {
	c.funcs(func(fn ast.Node, body *ast.BlockStmt) {
		for _, lc := range c.madeIn(body) {
			c.checkLocal(fn, body, lc)
		}
	})
}

// madeIn returns the channels made by body itself (not by function
// literals within it) into a local variable, made exactly once.
func (c *checker) madeIn(body *ast.BlockStmt) []localChan {
	var out []localChan
	info := c.pass.TypesInfo
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, lhs := range as.Lhs {
			id, ok := lhs.(*ast.Ident)
			if !ok {
				continue
			}
			v, ok := info.ObjectOf(id).(*types.Var)
			if !ok || v.IsField() || v.Parent() == c.pass.Pkg.Scope() {
				continue
			}
			ms := c.ix.Makes(v)
			if len(ms) != 1 || ms[0].Call != ast.Unparen(as.Rhs[i]) {
				continue
			}
			out = append(out, localChan{v: v, make: ms[0].Call, cap: ms[0].Cap})
		}
		return true
	})
	return out
}

func (c *checker) checkLocal(fn ast.Node, body *ast.BlockStmt, lc localChan) {
	accounted := make(map[*ast.Ident]bool) // the uses of lc.v explained below
	for _, op := range c.ix.OpsOf(lc.v) {
		if id, ok := ast.Unparen(op.Chan).(*ast.Ident); ok {
			accounted[id] = true
		}
	}
	markIdents(lc.make.Pos(), body, lc.v, c.pass.TypesInfo, accounted) // the assignment itself

	for _, op := range c.ix.OpsOf(lc.v) {
		id, direct := ast.Unparen(op.Chan).(*ast.Ident)
		direct = direct && c.pass.TypesInfo.Uses[id] == lc.v // not through a parameter
		if op.Kind == flow.Send && direct && !c.spawnedBy(op.Func(), fn) {
			return // a send outside the goroutines fn starts: not this rule's shape
		}
	}
	senders, ok := c.senders(fn, lc, accounted)
	if !ok || len(senders) == 0 {
		return
	}
	// Every other use must be one of the ops or the make: a channel that
	// escapes may have receivers elsewhere.
	escapes := false
	ast.Inspect(body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if ok && c.pass.TypesInfo.Uses[id] == lc.v && !accounted[id] && !isLenOrCap(c.pass.TypesInfo, body, id) {
			escapes = true
		}
		return !escapes
	})
	if escapes {
		return
	}

	var recvs []*flow.Op
	manyRecv := false
	for _, op := range c.ix.OpsOf(lc.v) {
		if op.Kind != flow.Recv && op.Kind != flow.Range {
			continue
		}
		if op.Func() != fn {
			return // received in some other function: not this rule's business
		}
		recvs = append(recvs, op)
		if op.Kind == flow.Range || op.Loop() != nil {
			manyRecv = true
		}
	}

	need, left := pendingSends(c.pass.TypesInfo, senders, recvs)
	if lc.cap < 0 || need <= lc.cap || (need >= many && lc.cap > 0) {
		return // the buffer holds every send, or may: its size or theirs is unknown
	}
	why := c.whyReceiverLeaves(fn, body, lc, senders, recvs)
	if why == "" && !manyRecv && left > lc.cap {
		if need >= many {
			why = "values are sent in a loop but received a fixed number of times"
		} else {
			why = fmt.Sprintf("%d values are sent but %d received", need, len(recvs))
		}
	}
	if why == "" {
		return
	}
	msg := fmt.Sprintf("send on %s can block forever: %s; %s", lc.v.Name(), why, c.localAdvice(lc, need))
	for _, s := range senders {
		for _, site := range s.sites {
			if len(senders) == 1 && s.before != nil && s.before[site] < lc.cap {
				continue // the buffer still has room for this one: a later send blocks
			}
			d := analysis.Diagnostic{Message: msg}
			if need < many && lc.cap == 0 && len(lc.make.Args) == 1 {
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message: fmt.Sprintf("Buffer %s for every send", lc.v.Name()),
					TextEdits: []analysis.TextEdit{{
						Pos:     lc.make.Rparen,
						End:     lc.make.Rparen,
						NewText: fmt.Appendf(nil, ", %d", need),
					}},
				}}
			}
			c.report(site, d)
		}
	}
}

// whyReceiverLeaves explains how fn can stop receiving from the channel
// before every value is taken, or returns "".
func (c *checker) whyReceiverLeaves(fn ast.Node, body *ast.BlockStmt, lc localChan, senders []sender, recvs []*flow.Op) string {
	if len(recvs) == 0 {
		return "nothing receives from it"
	}
	fset := c.pass.Fset
	for _, op := range recvs {
		if alt := c.ix.LeavingCase(op); alt != nil {
			_, sel := op.Case()
			return fmt.Sprintf("the receiver stops waiting when %s wins the select at line %d", caseText(alt), fset.Position(sel.Pos()).Line)
		}
	}
	for _, op := range recvs {
		if r, ok := op.Node.(*ast.RangeStmt); ok && flow.Leaves(r.Body.List) {
			return fmt.Sprintf("the receiver can stop ranging over it (line %d) before the senders are done", fset.Position(r.Pos()).Line)
		}
	}
	first := recvs[0].Node.Pos()
	for _, s := range senders {
		if ret := returnBetween(body, s.spawn.End(), first); ret != nil {
			return fmt.Sprintf("the receiver can return at line %d before receiving", fset.Position(ret.Pos()).Line)
		}
	}
	return ""
}

// localAdvice says how to fix a leaking send on a local channel.
func (c *checker) localAdvice(lc localChan, need int) string {
	if need < many {
		return fmt.Sprintf("make it buffered (%s) so every send completes", c.makeText(lc, need))
	}
	return "buffer it for every send, or send in a select with ctx.Done()"
}

// senders finds the goroutines started by fn that send on lc. ok is false
// when the channel goes to a goroutine whose body is not in this package.
func (c *checker) senders(fn ast.Node, lc localChan, accounted map[*ast.Ident]bool) (out []sender, ok bool) {
	info := c.pass.TypesInfo
	for _, s := range c.spawns.Spawns {
		if s.Enclosing == nil || s.Enclosing.Node() != fn {
			continue
		}
		loops := len(flow.LoopsAround(fn, s.Node())) - len(flow.LoopsAround(fn, lc.make))
		switch {
		case s.Func != nil && s.Func.Lit != nil:
			lit := s.Func.Lit
			isSend := func(n ast.Node) int {
				switch n := n.(type) {
				case *ast.SendStmt:
					if id, ok := ast.Unparen(n.Chan).(*ast.Ident); ok && info.Uses[id] == lc.v {
						return 1
					}
				case *ast.CallExpr:
					if k, _ := c.calleeSends(n, lc.v, accounted); k > 0 {
						return k
					}
				}
				return 0
			}
			k := counter{info, isSend}
			n := k.countSends(lit.Body.List)
			if n > 0 {
				before := make(map[ast.Node]int)
				k.visitBefore(lit.Body.List, 0, func(site ast.Node, n int) { before[site] = max(before[site], n) })
				out = append(out, sender{sites: bareSends(lit.Body, isSend), spawn: s.Node(), count: times(n, loops), before: before})
			}
		case s.Go != nil:
			for i, a := range s.Args {
				id, isID := ast.Unparen(a).(*ast.Ident)
				if !isID || info.Uses[id] != lc.v {
					continue
				}
				if s.Func == nil || s.Func.Decl == nil {
					return nil, false
				}
				p := paramAt(info, s.Func.Decl, i)
				if p == nil {
					return nil, false
				}
				n, ok := c.paramSends(s.Func.Decl, p)
				if !ok {
					return nil, false
				}
				accounted[id] = true
				if n > 0 {
					out = append(out, sender{sites: []ast.Node{s.Go}, spawn: s.Go, count: times(n, loops)})
				}
			}
		}
	}
	return out, true
}

// spawnedBy reports whether lit is a function literal that fn starts as a
// goroutine or group task.
func (c *checker) spawnedBy(lit, fn ast.Node) bool {
	for _, s := range c.spawns.Spawns {
		if s.Enclosing != nil && s.Enclosing.Node() == fn && s.Func != nil && s.Func.Lit != nil && ast.Node(s.Func.Lit) == lit {
			return true
		}
	}
	return false
}

// calleeSends reports, for a call that passes ch to a function of this
// package, how many values that function sends on it per call (0 if none),
// marking the argument as accounted for.
func (c *checker) calleeSends(call *ast.CallExpr, ch *types.Var, accounted map[*ast.Ident]bool) (int, bool) {
	info := c.pass.TypesInfo
	for i, a := range call.Args {
		id, ok := ast.Unparen(a).(*ast.Ident)
		if !ok || info.Uses[id] != ch {
			continue
		}
		decl := c.ix.Decl(typeutil.StaticCallee(info, call))
		if decl == nil {
			return 0, false
		}
		p := paramAt(info, decl, i)
		if p == nil {
			return 0, false
		}
		n, ok := c.paramSends(decl, p)
		if !ok {
			return 0, false
		}
		accounted[id] = true
		return n, true
	}
	return 0, false
}

// paramSends counts the values decl sends on its channel parameter p per
// call, or returns 0 when every send is a select case (it can give up, so
// it cannot block forever). ok is false when decl does anything with p but
// send, close, len or cap.
func (c *checker) paramSends(decl *ast.FuncDecl, p *types.Var) (int, bool) {
	info := c.pass.TypesInfo
	isP := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == p
	}
	if !usesOnly(info, decl.Body, p, func(n ast.Node) ast.Expr {
		switch n := n.(type) {
		case *ast.SendStmt:
			return n.Chan
		case *ast.CallExpr:
			if flow.IsBuiltin(info, n.Fun, "close", "len", "cap") && len(n.Args) == 1 {
				return n.Args[0]
			}
		}
		return nil
	}) {
		return 0, false
	}
	isSend := func(n ast.Node) int {
		if s, ok := n.(*ast.SendStmt); ok && isP(s.Chan) {
			return 1
		}
		return 0
	}
	if len(bareSends(decl.Body, isSend)) == 0 {
		return 0, true
	}
	n := counter{info, isSend}.countSends(decl.Body.List)
	return n, true
}

// usesOnly reports whether every use of v in body is the channel operand
// that operand returns for some node.
func usesOnly(info *types.Info, body *ast.BlockStmt, v *types.Var, operand func(ast.Node) ast.Expr) bool {
	allowed := make(map[*ast.Ident]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		if e := operand(n); e != nil {
			if id, ok := ast.Unparen(e).(*ast.Ident); ok && info.Uses[id] == v {
				allowed[id] = true
			}
		}
		return true
	})
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		if id, isID := n.(*ast.Ident); isID && info.Uses[id] == v && !allowed[id] {
			ok = false
		}
		return ok
	})
	return ok
}

// bareSends returns the nodes of body (outside nested function literals)
// for which isSend is positive and that are not select cases.
func bareSends(body *ast.BlockStmt, isSend func(ast.Node) int) []ast.Node {
	var out []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			// The communication is guarded by the select; its body is not.
			for _, s := range n.Body {
				out = append(out, bareSends(&ast.BlockStmt{List: []ast.Stmt{s}}, isSend)...)
			}
			return false
		}
		if isSend(n) > 0 {
			out = append(out, n)
		}
		return true
	})
	return out
}

// counter counts the sends a piece of code makes: isSend tells how many
// values a node sends (a send statement, a call of a function that sends).
type counter struct {
	info   *types.Info
	isSend func(ast.Node) int
}

// countSends returns the largest number of sends one run through stmts
// can make: many if a loop sends. Paths that return early are counted on
// their own, not added to the statements after them.
func (k counter) countSends(stmts []ast.Stmt) int {
	p := k.countSeq(stmts)
	return max(p.fall, p.ended, p.broke, 0)
}

// paths holds, for a piece of code, the most sends along each kind of path
// through it; -1 means there is no such path.
type paths struct {
	fall  int // paths that reach its end (or continue the enclosing loop)
	ended int // paths that leave the function: return, panic
	broke int // paths that break out of the enclosing loop, switch or select
}

var none = paths{-1, -1, -1}

// countSeq counts the sends along the paths through stmts.
func (k counter) countSeq(stmts []ast.Stmt) paths {
	out := paths{fall: 0, ended: -1, broke: -1}
	for _, s := range stmts {
		p := k.countStmt(s)
		out.ended = max(out.ended, plus(out.fall, p.ended))
		out.broke = max(out.broke, plus(out.fall, p.broke))
		if p.fall < 0 {
			out.fall = -1
			return out
		}
		out.fall = add(out.fall, p.fall)
	}
	return out
}

func (k counter) countStmt(s ast.Stmt) paths {
	switch s := s.(type) {
	case *ast.BlockStmt:
		return k.countSeq(s.List)
	case *ast.LabeledStmt:
		return k.countStmt(s.Stmt)
	case *ast.ReturnStmt:
		return paths{fall: -1, ended: k.countIn(s), broke: -1}
	case *ast.BranchStmt:
		switch {
		case s.Label != nil || s.Tok == token.GOTO || s.Tok == token.FALLTHROUGH:
			return paths{fall: 0, ended: -1, broke: -1} // followed no further: counted as going on
		case s.Tok == token.BREAK:
			return paths{fall: -1, ended: -1, broke: 0}
		default: // continue: on to the next round, as reaching the end of the body does
			return paths{fall: 0, ended: -1, broke: -1}
		}
	case *ast.IfStmt:
		init := k.countIn(s.Init)
		a := k.countSeq(s.Body.List)
		b := paths{fall: 0, ended: -1, broke: -1}
		if s.Else != nil {
			b = k.countStmt(s.Else)
		}
		return paths{plus(init, max(a.fall, b.fall)), plus(init, max(a.ended, b.ended)), plus(init, max(a.broke, b.broke))}
	case *ast.ForStmt, *ast.RangeStmt:
		body := loopBody(s)
		p := k.countSeq(body.List)
		exit := max(p.broke, 0) // the loop ends by its condition, or by a break
		if p.fall > 0 {
			if n := k.tripCount(s); n > 0 && n < many/p.fall {
				return paths{fall: add((n-1)*p.fall, max(p.fall, exit)), ended: plus((n-1)*p.fall, p.ended), broke: -1}
			}
			return paths{fall: many, ended: many, broke: -1} // sends and goes round again
		}
		return paths{fall: exit, ended: p.ended, broke: -1} // sends only on the way out: once
	case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
		body, complete := clauses(s) // complete: some clause always runs
		out := none
		for _, cl := range body.List {
			var p paths
			switch cl := cl.(type) {
			case *ast.CaseClause:
				if cl.List == nil {
					complete = true
				}
				p = k.countSeq(cl.Body)
			case *ast.CommClause:
				p = k.countSeq(cl.Body)
				comm := k.countIn(cl.Comm)
				p = paths{plus(comm, p.fall), plus(comm, p.ended), plus(comm, p.broke)}
			}
			// A break in a clause leaves the switch or select, not a loop.
			out.fall = max(out.fall, p.fall, p.broke)
			out.ended = max(out.ended, p.ended)
		}
		if !complete {
			out.fall = max(out.fall, 0)
		}
		return out
	case *ast.ExprStmt:
		n := k.countIn(s)
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
				return paths{fall: -1, ended: n, broke: -1}
			}
		}
		return paths{fall: n, ended: -1, broke: -1}
	}
	return paths{fall: k.countIn(s), ended: -1, broke: -1}
}

// visitBefore walks stmts with cur values already sent on the path and
// calls visit at each send with the most values sent before its last one
// (a call that sends several counts them all). It returns the most values
// sent on the paths that fall off the end, or -1.
func (k counter) visitBefore(stmts []ast.Stmt, cur int, visit func(ast.Node, int)) int {
	for _, s := range stmts {
		if cur < 0 {
			return -1
		}
		cur = k.visitStmt(s, cur, visit)
	}
	return cur
}

func (k counter) visitStmt(s ast.Stmt, cur int, visit func(ast.Node, int)) int {
	switch s := s.(type) {
	case *ast.BlockStmt:
		return k.visitBefore(s.List, cur, visit)
	case *ast.LabeledStmt:
		return k.visitStmt(s.Stmt, cur, visit)
	case *ast.IfStmt:
		a := k.visitBefore(s.Body.List, cur, visit)
		b := cur
		if s.Else != nil {
			b = k.visitStmt(s.Else, cur, visit)
		}
		return max(a, b)
	case *ast.ForStmt, *ast.RangeStmt:
		body := loopBody(s)
		p := k.countSeq(body.List)
		if p.fall > 0 {
			k.visitBefore(body.List, many, visit) // a later round follows earlier sends
			return many
		}
		k.visitBefore(body.List, cur, visit)
		return add(cur, max(p.broke, 0))
	case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
		body, complete := clauses(s)
		out := -1
		for _, cl := range body.List {
			switch cl := cl.(type) {
			case *ast.CaseClause:
				complete = complete || cl.List == nil
				out = max(out, k.visitBefore(cl.Body, cur, visit))
			case *ast.CommClause:
				start := cur
				if cl.Comm != nil {
					start = k.visitStmt(cl.Comm, cur, visit)
				}
				out = max(out, k.visitBefore(cl.Body, start, visit))
			}
		}
		if !complete {
			out = max(out, cur)
		}
		return out
	case *ast.ReturnStmt, *ast.BranchStmt:
		return -1
	}
	n := 0
	ast.Inspect(s, func(x ast.Node) bool {
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		if x != nil {
			if m := k.isSend(x); m > 0 {
				visit(x, add(cur, n+m-1)) // the last value x sends follows all the others
				n = add(n, m)
			}
		}
		return true
	})
	if es, ok := s.(*ast.ExprStmt); ok {
		if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok && flow.IsBuiltin(k.info, call.Fun, "panic") {
			return -1
		}
	}
	return add(cur, n)
}

// othersEnd reports whether every other case of the select of the receive
// r ends the function (t.Fatal, return, panic): whoever goes on past the
// select has received.
func othersEnd(info *types.Info, r *flow.Op) bool {
	own, sel := r.Case()
	if own == nil {
		return false
	}
	for _, s := range sel.Body.List {
		if cc := s.(*ast.CommClause); cc != own && !flow.Terminates(info, cc.Body) {
			return false
		}
	}
	return true
}

// pendingSends returns the most values the senders may have sent and the
// function not yet received at any point, and how many are left at the
// end: each goroutine adds its sends when it starts, each receive after it
// that is outside a loop and certainly happens on the way on (outside a
// select, or in one whose other cases end the function) takes one away. Goroutines started one
// after the other, each answered before the next starts, never add up.
func pendingSends(info *types.Info, senders []sender, recvs []*flow.Op) (most, left int) {
	type event struct {
		pos   token.Pos
		delta int
	}
	var events []event
	for _, s := range senders {
		events = append(events, event{s.spawn.Pos(), s.count})
	}
	for _, r := range recvs {
		if r.Kind == flow.Recv && r.Loop() == nil && (r.Bare() || othersEnd(info, r)) {
			events = append(events, event{r.Node.Pos(), -1})
		}
	}
	slices.SortFunc(events, func(a, b event) int { return cmp.Compare(a.pos, b.pos) })
	pending := 0
	for _, e := range events {
		if e.delta < 0 {
			if pending < many {
				pending = max(pending-1, 0)
			}
		} else {
			pending = add(pending, e.delta)
		}
		most = max(most, pending)
	}
	return most, pending
}

// loopBody returns the body of a for or range statement.
func loopBody(s ast.Stmt) *ast.BlockStmt {
	if f, ok := s.(*ast.ForStmt); ok {
		return f.Body
	}
	return s.(*ast.RangeStmt).Body
}

// clauses returns the clauses of a switch, type switch or select, and
// whether one of them always runs (a select always runs one; a switch
// only with a default, which the caller finds among the clauses).
func clauses(s ast.Stmt) (*ast.BlockStmt, bool) {
	switch s := s.(type) {
	case *ast.SwitchStmt:
		return s.Body, false
	case *ast.TypeSwitchStmt:
		return s.Body, false
	case *ast.SelectStmt:
		return s.Body, true
	}
	return nil, false
}

// tripCount returns how many times a loop runs when that is a constant:
// for i := a; i < b; i++ with constant a and b, or range over a constant or
// an array. It returns 0 otherwise.
func (k counter) tripCount(loop ast.Stmt) int {
	switch l := loop.(type) {
	case *ast.ForStmt:
		init, ok := l.Init.(*ast.AssignStmt)
		cond, ok2 := l.Cond.(*ast.BinaryExpr)
		post, ok3 := l.Post.(*ast.IncDecStmt)
		if !ok || !ok2 || !ok3 || len(init.Lhs) != 1 || len(init.Rhs) != 1 || post.Tok != token.INC {
			return 0
		}
		from, ok := k.intConst(init.Rhs[0])
		to, ok2 := k.intConst(cond.Y)
		if !ok || !ok2 {
			return 0
		}
		switch cond.Op {
		case token.LSS:
			return max(to-from, 0)
		case token.LEQ:
			return max(to-from+1, 0)
		}
	case *ast.RangeStmt:
		if n, ok := k.intConst(l.X); ok {
			return max(n, 0)
		}
	}
	return 0
}

// intConst returns the value of a constant integer expression.
func (k counter) intConst(e ast.Expr) (int, bool) {
	tv, ok := k.info.Types[e]
	if !ok || tv.Value == nil {
		return 0, false
	}
	v, ok := constant.Int64Val(constant.ToInt(tv.Value))
	return int(v), ok && v < many
}

// plus adds n to a path count, keeping -1 (no such path) as is.
func plus(n, count int) int {
	if count < 0 {
		return -1
	}
	return add(n, count)
}

// countIn sums isSend over the nodes of n outside function literals.
func (k counter) countIn(n ast.Node) int {
	if n == nil {
		return 0
	}
	total := 0
	ast.Inspect(n, func(x ast.Node) bool {
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		if x != nil {
			total = add(total, k.isSend(x))
		}
		return true
	})
	return total
}

func add(a, b int) int { return min(a+b, many) }

// times scales a per-run count by the loops a goroutine is started in.
func times(n, loops int) int {
	if n > 0 && loops > 0 {
		return many
	}
	return n
}

// returnBetween returns a return statement of body, outside function
// literals, that lies between from and to, or nil.
func returnBetween(body *ast.BlockStmt, from, to token.Pos) *ast.ReturnStmt {
	var found *ast.ReturnStmt
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if n.Pos() > from && n.End() <= to {
				found = n
			}
		}
		return found == nil
	})
	return found
}

// markIdents marks, in accounted, the identifiers denoting v that start
// at pos: the left-hand side of its make.
func markIdents(pos token.Pos, body *ast.BlockStmt, v *types.Var, info *types.Info, accounted map[*ast.Ident]bool) {
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || !(as.Pos() <= pos && pos < as.End()) {
			return true
		}
		for _, lhs := range as.Lhs {
			if id, ok := lhs.(*ast.Ident); ok && info.ObjectOf(id) == v {
				accounted[id] = true
			}
		}
		return false
	})
}

// isLenOrCap reports whether id is the argument of len or cap.
func isLenOrCap(info *types.Info, body *ast.BlockStmt, id *ast.Ident) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if ok && len(call.Args) == 1 && call.Args[0] == id {
			if b, ok := info.Uses[calleeIdent(call)].(*types.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
				found = true
			}
		}
		return !found
	})
	return found
}

func calleeIdent(call *ast.CallExpr) *ast.Ident {
	id, _ := ast.Unparen(call.Fun).(*ast.Ident)
	return id
}

// paramAt returns the variable of decl's i-th parameter, or nil for a
// variadic or unnamed one.
func paramAt(info *types.Info, decl *ast.FuncDecl, i int) *types.Var {
	fn, ok := info.Defs[decl.Name].(*types.Func)
	if !ok {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	if i >= sig.Params().Len() || (sig.Variadic() && i >= sig.Params().Len()-1) {
		return nil
	}
	p := sig.Params().At(i)
	if p.Name() == "" || p.Name() == "_" {
		return nil
	}
	return p
}

// caseText describes a select case: "<-ctx.Done()", "default".
func caseText(cc *ast.CommClause) string {
	if cc.Comm == nil {
		return "default"
	}
	if ch := flow.RecvChan(cc.Comm); ch != nil {
		return "<-" + types.ExprString(ch)
	}
	if s, ok := cc.Comm.(*ast.SendStmt); ok {
		return "the send on " + types.ExprString(s.Chan)
	}
	return "another case"
}

// makeText renders the make call that buffers lc for n values.
func (c *checker) makeText(lc localChan, n int) string {
	qualifier := func(p *types.Package) string {
		if p == c.pass.Pkg {
			return ""
		}
		return p.Name()
	}
	return fmt.Sprintf("make(%s, %d)", types.TypeString(lc.v.Type(), qualifier), n)
}
