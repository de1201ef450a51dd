package blockingsend

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
	"golang.org/x/tools/go/analysis"
)

// timerDrain reports the drain of a timer's channel, <-t.C outside any
// select, on a path of its function that has already taken the timer's
// value since the timer was made or last Reset: a select case or a
// receive took it, an earlier drain did, or a Stop that returned true
// stopped the timer. The drain then waits for a value that never comes.
// (Since Go 1.23, Stop and Reset discard a pending value themselves; the
// drain is not needed at all.)
//
// Only what the path shows counts. A drain on a path that has not taken
// the value since the last Reset is safe: Stop returns false only once the
// value is there to take. A guard that the code sets when it takes the
// value (timerRunning = false in the timer's case, if timerRunning &&
// !t.Stop() { <-t.C }) is followed along the path, and so is any local
// boolean that a condition around the drain reads.
func (c *checker) timerDrain() {
	for _, op := range c.p.Ops {
		if op.Kind != model.Recv || !op.Bare() || c.reported[op.Node] || op.Func == nil {
			continue
		}
		sel, ok := ast.Unparen(op.Chan).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "C" || !concur.IsNamed(c.p.Info.TypeOf(sel.X), "time", "Timer") {
			continue
		}
		if drainsOnlyWhatIsThere(op) || rearmedUnderSameCondition(c.p.Info, op, sel.X) || c.rearmedElsewhere(op.Func, sel.X) {
			continue
		}
		name := exprText(op.Chan)
		if stop := c.drainedIfStopped(op, sel.X); stop != nil {
			c.report(op.Node, analysis.Diagnostic{
				Pos: op.Node.Pos(),
				Message: fmt.Sprintf("receive from %s blocks forever: it runs only when %s returns true, that is when the timer had not fired, and a stopped timer sends nothing; drain only when Stop returns false (if !%s { <-%s }), or drop the drain (Stop and Reset discard the value since Go 1.23)",
					name, exprText(stop), exprText(stop), name),
				Related: []analysis.RelatedInformation{{Pos: stop.Pos(), Message: "Stop returns true here only if the timer had not fired yet"}},
			})
			continue
		}
		by := c.takenBeforeDrain(op, sel.X)
		if by == nil {
			continue
		}
		line := c.p.Fset.Position(by.Pos()).Line
		var why, related string
		switch by := by.(type) {
		case *ast.CommClause:
			why = fmt.Sprintf("the select at line %d may already have taken the timer's value", c.p.Fset.Position(c.selectOfClause(op.Func, by).Pos()).Line)
			related = "this case takes the timer's value, and nothing rearms the timer before the drain"
		case *ast.CallExpr:
			why = fmt.Sprintf("Stop at line %d may already have stopped the timer", line)
			related = "Stop stops the timer here, and nothing rearms it before the drain"
		default:
			if by == op.Node {
				why = "the drain itself may already have taken the timer's value in an earlier round"
				related = "this drain takes the timer's value, and nothing rearms the timer before it runs again"
			} else {
				why = fmt.Sprintf("the receive at line %d may already have taken the timer's value", line)
				related = "this receive takes the timer's value, and nothing rearms the timer before the drain"
			}
		}
		advice := "drop the drain (Stop and Reset discard it since Go 1.23) or drain in a select with default"
		if cc := c.stayingStopCase(op); cc != nil && by == op.Node {
			// The round that runs again is a stop signal's case that stays
			// in the loop: once the signal's channel is closed, the case
			// wins every round. Dropping the drain would leave the loop
			// spinning; the bug is the missing return.
			stop := exprText(cc.Comm.(*ast.ExprStmt).X)
			why = fmt.Sprintf("the case %s (line %d) does not leave the loop, so once it is ready it runs again and its drain waits for the value the first round took", stop, c.p.Fset.Position(cc.Pos()).Line)
			advice = "return from that case (dropping the drain alone would leave the loop spinning)"
		}
		c.report(op.Node, analysis.Diagnostic{
			Pos:     op.Node.Pos(),
			Message: fmt.Sprintf("receive from %s can block forever: %s; %s", name, why, advice),
			Related: []analysis.RelatedInformation{{Pos: by.Pos(), Message: related}},
		})
	}
}

// stayingStopCase returns the select case around the drain op when it is
// a stop signal's, case <-quit: with the value dropped, that stays in the
// loop: nothing in its body leaves it (see model.Program.Leaves). A
// closed quit channel is ready in every round, so such a case runs again
// and again. It returns nil otherwise.
func (c *checker) stayingStopCase(op *model.Op) *ast.CommClause {
	var cc *ast.CommClause
	ast.Inspect(op.Func.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case nil, *ast.FuncLit:
			return false
		case *ast.CommClause:
			if within(op.Node, n) {
				cc = n
			}
		}
		return n != nil && within(op.Node, n)
	})
	if cc == nil {
		return nil
	}
	es, ok := cc.Comm.(*ast.ExprStmt)
	if !ok {
		return nil
	}
	if u, ok := ast.Unparen(es.X).(*ast.UnaryExpr); !ok || u.Op != token.ARROW {
		return nil
	}
	if c.p.Leaves(cc.Body, false) {
		return nil
	}
	return cc
}

// drainsOnlyWhatIsThere reports whether the drain op runs only while the
// timer's channel holds a value: it is in the body of an if or for whose
// condition is len(t.C) > 0 (or != 0, >= 1) of the same channel, as in
// for len(t.C) > 0 { <-t.C }. The timer's channel has no other reader than
// the code that owns the timer, so the value the condition saw is still
// there to take.
func drainsOnlyWhatIsThere(op *model.Op) bool {
	ch := exprText(op.Chan)
	guarded := false
	ast.Inspect(op.Func.Body(), func(n ast.Node) bool {
		if guarded || n == nil || !within(op.Node, n) {
			return false
		}
		var cond ast.Expr
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			cond, body = n.Cond, n.Body
		case *ast.ForStmt:
			cond, body = n.Cond, n.Body
		}
		if body != nil && within(op.Node, body) && isNonEmptyTest(cond, ch) {
			guarded = true
		}
		return true
	})
	return guarded
}

// isNonEmptyTest reports whether cond is len(ch) > 0, len(ch) != 0 or
// len(ch) >= 1, ch the channel's expression as written.
func isNonEmptyTest(cond ast.Expr, ch string) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(b.X).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || exprText(call.Fun) != "len" || exprText(call.Args[0]) != ch {
		return false
	}
	lit, ok := ast.Unparen(b.Y).(*ast.BasicLit)
	if !ok || lit.Kind != token.INT {
		return false
	}
	switch {
	case b.Op == token.GTR || b.Op == token.NEQ:
		return lit.Value == "0"
	case b.Op == token.GEQ:
		return lit.Value == "1"
	}
	return false
}

// drainState is a path's state in the drain's function.
type drainState struct {
	// taken is what took the timer's value, or stopped the timer, since it
	// was made or last Reset: a select case (*ast.CommClause), a receive
	// (*ast.UnaryExpr) or a Stop that returned true (*ast.CallExpr); nil
	// while the timer is armed.
	taken ast.Node
	// flags is what the path knows of the variables the function's
	// conditions test (see nilGuards and addFlags).
	flags nilState
}

// timerPaths follows the paths of the function of a timer drain.
type timerPaths struct {
	c      *checker
	f      *model.Func
	timer  string // the timer expression, t in t.C
	field  string // the field that holds the timer, for t a selector
	flags  nilGuards
	cases  map[ast.Stmt]*ast.CommClause
	resets map[*model.Func]bool
}

// takenBeforeDrain returns what took the value of timer (t in <-t.C)
// before the drain op on a path of op's function, or nil when no path
// shows it.
func (c *checker) takenBeforeDrain(op *model.Op, timer ast.Expr) ast.Node {
	tp := &timerPaths{c: c, f: op.Func, timer: exprText(timer), cases: make(map[ast.Stmt]*ast.CommClause), resets: make(map[*model.Func]bool)}
	if s, ok := ast.Unparen(timer).(*ast.SelectorExpr); ok {
		tp.field = s.Sel.Name
	}
	var init nilState
	tp.flags, init = c.nilGuardsOf(op.Func)
	ast.Inspect(op.Func.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			if n.Comm != nil {
				tp.cases[n.Comm] = n
			}
		}
		return true
	})
	var found ast.Node
	walk := paths.Walk[drainState]{
		Node: func(n ast.Node, s drainState) (drainState, bool) {
			if within(op.Node, n) && s.taken != nil {
				if found == nil || witnessRank(s.taken) < witnessRank(found) {
					found = s.taken
				}
				return s, false
			}
			return tp.node(n, s), true
		},
		Edge: tp.edge,
	}
	// A path that reaches the drain with the value taken is a witness,
	// whether or not the search saw every other path.
	paths.Search(op.Func.Graph(), drainState{flags: init}, walk, func(*paths.Path[drainState]) bool { return false })
	return found
}

// witnessRank orders what took a timer's value by how plainly a finding
// shows it: a select case, then a receive, then a Stop.
func witnessRank(n ast.Node) int {
	switch n.(type) {
	case *ast.CommClause:
		return 0
	case *ast.UnaryExpr:
		return 1
	}
	return 2
}

// node applies one node of the function to a path's state.
func (tp *timerPaths) node(n ast.Node, s drainState) drainState {
	if cc := tp.cases[asStmt(n)]; cc != nil && tp.receivesTimer(cc.Comm) {
		s.taken = cc
	}
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if x.Op == token.ARROW && tp.isTimerC(x.X) && tp.cases[asStmt(n)] == nil {
				s.taken = x
			}
		case *ast.CallExpr:
			if tp.rearms(x) {
				s.taken = nil
			}
		case *ast.AssignStmt:
			for _, lhs := range x.Lhs {
				if exprText(lhs) == tp.timer {
					s.taken = nil // a new timer
				}
			}
		}
		return true
	})
	s.flags = tp.flags.node(n, s.flags)
	return s
}

// edge prunes the branches and loops the flags rule out, and marks the
// timer stopped on the else branch of if !t.Stop(): Stop returned true.
func (tp *timerPaths) edge(e paths.Edge, s drainState) (drainState, bool) {
	before := s.flags
	var ok bool
	if s.flags, ok = tp.flags.edge(e, s.flags); !ok {
		return s, false
	}
	if ifs, isIf := e.Stmt.(*ast.IfStmt); isIf && e.Kind == paths.Else {
		if stop := tp.stopTrue(ifs.Cond, before); stop != nil {
			s.taken = stop
		}
	}
	return s, true
}

// stopTrue returns the Stop call of a condition that is false only when
// Stop returned true: !t.Stop(), or g && !t.Stop() with g known true.
func (tp *timerPaths) stopTrue(cond ast.Expr, s nilState) ast.Node {
	cond = ast.Unparen(cond)
	if b, ok := cond.(*ast.BinaryExpr); ok && b.Op == token.LAND && tp.flags.eval(b.X, s) > 0 {
		cond = ast.Unparen(b.Y)
	}
	u, ok := cond.(*ast.UnaryExpr)
	if !ok || u.Op != token.NOT {
		return nil
	}
	call, ok := ast.Unparen(u.X).(*ast.CallExpr)
	if !ok {
		return nil
	}
	if f, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && f.Sel.Name == "Stop" && exprText(f.X) == tp.timer {
		return call
	}
	return nil
}

// isTimerC reports whether e is the timer's channel, t.C.
func (tp *timerPaths) isTimerC(e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "C" && exprText(sel.X) == tp.timer
}

// receivesTimer reports whether a select case's communication receives
// from the timer's channel.
func (tp *timerPaths) receivesTimer(comm ast.Stmt) bool {
	ch := model.RecvChan(comm)
	return ch != nil && tp.isTimerC(ch)
}

// rearms reports whether call may give the timer a new value to send:
// t.Reset(d); a call handed the timer itself, out of sight or not; or, for
// a timer kept in a field, a function of the package that resets or
// replaces a timer in a field of that name.
func (tp *timerPaths) rearms(call *ast.CallExpr) bool {
	if f, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && exprText(f.X) == tp.timer {
		return f.Sel.Name == "Reset"
	}
	for _, a := range call.Args {
		if exprText(a) == tp.timer {
			return true
		}
	}
	if tp.field == "" {
		return false
	}
	for _, c := range tp.f.Calls {
		if c.Expr == call && c.Target != nil {
			return tp.resetsField(c.Target)
		}
	}
	return false
}

// resetsField reports whether f, or a function of the package it calls,
// resets or assigns a timer in a field named like the drain's.
func (tp *timerPaths) resetsField(f *model.Func) bool {
	if done, ok := tp.resets[f]; ok {
		return done
	}
	tp.resets[f] = false // a cycle adds nothing
	found := false
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if s, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && s.Sel.Name == "Reset" && isField(s.X, tp.field) {
				found = true
			}
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				found = found || isField(lhs, tp.field)
			}
		}
		return !found
	})
	for _, c := range f.Calls {
		if found {
			break
		}
		if c.Target != nil && !c.Go {
			found = tp.resetsField(c.Target)
		}
	}
	tp.resets[f] = found
	return found
}

// isField reports whether e selects a field named name.
func isField(e ast.Expr, name string) bool {
	s, ok := ast.Unparen(e).(*ast.SelectorExpr)
	return ok && s.Sel.Name == name
}

// asStmt returns n as a statement, or nil.
func asStmt(n ast.Node) ast.Stmt {
	s, _ := n.(ast.Stmt)
	return s
}

// selectOfClause returns the select statement of f whose case cc is.
func (c *checker) selectOfClause(f *model.Func, cc *ast.CommClause) *ast.SelectStmt {
	var found *ast.SelectStmt
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectStmt); ok {
			for _, s := range sel.Body.List {
				if s == cc {
					found = sel
				}
			}
		}
		return found == nil
	})
	return found
}

// drainedIfStopped returns the call t.Stop() when the drain op is in the
// body of `if t.Stop() { ... }`, the nearest if around it in its function,
// on the same timer: the drain then runs only once Stop has stopped a
// timer that had not fired, whose channel will never receive a value. The
// idiom is `if !t.Stop() { <-t.C }`.
func (c *checker) drainedIfStopped(op *model.Op, timer ast.Expr) *ast.CallExpr {
	path := c.pathTo(op.Node)
	for i, p := range path {
		switch p := p.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		case *ast.IfStmt:
			if i == 0 || path[i-1] != p.Body {
				return nil
			}
			call, ok := ast.Unparen(p.Cond).(*ast.CallExpr)
			if !ok || len(call.Args) != 0 {
				return nil
			}
			if f, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && f.Sel.Name == "Stop" && exprText(f.X) == exprText(timer) {
				return call
			}
			return nil
		}
	}
	return nil
}

// rearmedElsewhere reports whether a function other than f — another
// method, a function literal — calls Reset on the timer that timer names
// (the same field, or the same variable):
//
//	go func() {
//		for {
//			<-s.timer.C // the timeout the consensus loop waits for
//			s.onTimeout()
//		}
//	}()
//
// with s.timer.Reset(d) in the methods that start each round. The path
// through f cannot show that nothing rearms the timer before its receive:
// that is up to the goroutines that run those functions.
func (c *checker) rearmedElsewhere(f *model.Func, timer ast.Expr) bool {
	obj := c.timerVar(timer)
	if obj == nil {
		return false
	}
	for _, g := range c.p.Funcs {
		if g == f {
			continue
		}
		for _, call := range g.Calls {
			if call.Callee == nil || call.Callee.FullName() != "(*time.Timer).Reset" {
				continue
			}
			if sel, ok := ast.Unparen(call.Expr.Fun).(*ast.SelectorExpr); ok && c.timerVar(sel.X) == obj {
				return true
			}
		}
	}
	return false
}

// timerVar returns the variable or field that e, a timer expression,
// names (t, s.timer), or nil.
func (c *checker) timerVar(e ast.Expr) *types.Var {
	var id *ast.Ident
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	}
	if id == nil {
		return nil
	}
	v, _ := c.p.Info.Uses[id].(*types.Var)
	return v
}
