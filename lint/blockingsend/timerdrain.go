package blockingsend

import (
	"fmt"
	"go/ast"
	"go/constant"
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
		if drainsOnlyWhatIsThere(op) {
			continue
		}
		by := c.takenBeforeDrain(op, sel.X)
		if by == nil {
			continue
		}
		name := exprText(op.Chan)
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
		c.report(op.Node, analysis.Diagnostic{
			Pos:     op.Node.Pos(),
			Message: fmt.Sprintf("receive from %s can block forever: %s; drop the drain (Stop and Reset discard it since Go 1.23) or drain in a select with default", name, why),
			Related: []analysis.RelatedInformation{{Pos: by.Pos(), Message: related}},
		})
	}
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

// maxGuards is how many local booleans a timer drain's path follows.
const maxGuards = 4

// drainState is a path's state in the drain's function.
type drainState struct {
	// taken is what took the timer's value, or stopped the timer, since it
	// was made or last Reset: a select case (*ast.CommClause), a receive
	// (*ast.UnaryExpr) or a Stop that returned true (*ast.CallExpr); nil
	// while the timer is armed.
	taken ast.Node
	// guards are the known values of the booleans the drain's conditions
	// read: 0 unknown, 1 true, -1 false.
	guards [maxGuards]int8
}

// timerPaths follows the paths of the function of a timer drain.
type timerPaths struct {
	c      *checker
	f      *model.Func
	timer  string       // the timer expression, t in t.C
	field  string       // the field that holds the timer, for t a selector
	guards []*types.Var // the booleans followed, by index in drainState.guards
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
	tp.guards = tp.guardsOf(op)
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
	paths.Search(op.Func.Graph(), drainState{}, walk, func(*paths.Path[drainState]) bool { return false })
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

// guardsOf returns the local booleans, and the local pointers and other
// variables that can be nil, that the conditions of the ifs around op
// read, that no function literal assigns. A nillable guard's value is
// whether it is not nil (if pending == nil {...} else if !t.Stop() { <-t.C },
// pending set to nil in the timer's case).
func (tp *timerPaths) guardsOf(op *model.Op) []*types.Var {
	var out []*types.Var
	fn, body := tp.f.Node(), tp.f.Body()
	for _, n := range op.Path() {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || !within(ifs, body) {
			continue
		}
		ast.Inspect(ifs.Cond, func(x ast.Node) bool {
			id, ok := x.(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := tp.c.p.Info.Uses[id].(*types.Var)
			if !ok || v.IsField() || v.Pos() < fn.Pos() || v.Pos() >= fn.End() || !(types.Identical(v.Type(), types.Typ[types.Bool]) || nillable(v.Type())) || len(out) == maxGuards {
				return true
			}
			for _, g := range out {
				if g == v {
					return true
				}
			}
			if !assignedInLiteral(tp.c.p.Info, body, v) {
				out = append(out, v)
			}
			return true
		})
	}
	return out
}

func (tp *timerPaths) guardIndex(v *types.Var) int {
	for i, g := range tp.guards {
		if g == v {
			return i
		}
	}
	return -1
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
			for i, lhs := range x.Lhs {
				if exprText(lhs) == tp.timer {
					s.taken = nil // a new timer
				}
				var v int8
				if len(x.Lhs) == len(x.Rhs) && (x.Tok == token.ASSIGN || x.Tok == token.DEFINE) {
					v = tp.eval(x.Rhs[i], s)
				}
				s = tp.set(lhs, v, s)
			}
		case *ast.ValueSpec:
			for i, name := range x.Names {
				switch {
				case len(x.Values) == 0:
					s = tp.set(name, -1, s) // var v bool: false
				case len(x.Names) == len(x.Values):
					s = tp.set(name, tp.eval(x.Values[i], s), s)
				default:
					s = tp.set(name, 0, s)
				}
			}
		}
		return true
	})
	return s
}

// set gives the guard lhs, if it is one, the value v (0: unknown).
func (tp *timerPaths) set(lhs ast.Expr, v int8, s drainState) drainState {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return s
	}
	g, _ := tp.c.p.Info.ObjectOf(id).(*types.Var)
	if i := tp.guardIndex(g); i >= 0 {
		s.guards[i] = v
	}
	return s
}

// edge prunes the branches of an if that the guards rule out, and marks
// the timer stopped on the else branch of if !t.Stop(): Stop returned true.
func (tp *timerPaths) edge(e paths.Edge, s drainState) (drainState, bool) {
	ifs, ok := e.Stmt.(*ast.IfStmt)
	if !ok || (e.Kind != paths.Then && e.Kind != paths.Else) {
		return s, true
	}
	v := tp.eval(ifs.Cond, s)
	if (e.Kind == paths.Then && v < 0) || (e.Kind == paths.Else && v > 0) {
		return s, false
	}
	if e.Kind == paths.Else {
		if stop := tp.stopTrue(ifs.Cond, s); stop != nil {
			s.taken = stop
		}
	}
	return s, true
}

// stopTrue returns the Stop call of a condition that is false only when
// Stop returned true: !t.Stop(), or g && !t.Stop() with g known true.
func (tp *timerPaths) stopTrue(cond ast.Expr, s drainState) ast.Node {
	cond = ast.Unparen(cond)
	if b, ok := cond.(*ast.BinaryExpr); ok && b.Op == token.LAND && tp.eval(b.X, s) > 0 {
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

// nillable reports whether a variable of type t can be nil.
func nillable(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return true
	}
	return false
}

// eval gives the value of a boolean expression from the guards: 1 true,
// -1 false, 0 unknown. Of an expression that can be nil it gives whether
// it is not nil: -1 for nil, 1 for &x, a nillable guard's known value.
func (tp *timerPaths) eval(e ast.Expr, s drainState) int8 {
	e = ast.Unparen(e)
	tv, ok := tp.c.p.Info.Types[e]
	if ok && tv.IsNil() {
		return -1
	}
	if ok && tv.Value != nil && tv.Value.Kind() == constant.Bool {
		if constant.BoolVal(tv.Value) {
			return 1
		}
		return -1
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		if fun, ok := tp.c.p.Info.Types[e.Fun]; ok && fun.IsType() && len(e.Args) == 1 {
			return tp.eval(e.Args[0], s) // a conversion, (*T)(nil)
		}
	case *ast.Ident:
		if v, ok := tp.c.p.Info.Uses[e].(*types.Var); ok {
			if i := tp.guardIndex(v); i >= 0 {
				return s.guards[i]
			}
		}
	case *ast.UnaryExpr:
		switch e.Op {
		case token.NOT:
			return -tp.eval(e.X, s)
		case token.AND:
			return 1 // &x is never nil
		}
	case *ast.BinaryExpr:
		x, y := tp.eval(e.X, s), tp.eval(e.Y, s)
		if e.Op == token.EQL || e.Op == token.NEQ {
			// v == nil, nil != v: from the guard's nil-ness.
			var other int8
			switch {
			case isNil(tp.c.p.Info, e.Y):
				other = x
			case isNil(tp.c.p.Info, e.X):
				other = y
			default:
				return 0
			}
			if e.Op == token.EQL {
				return -other
			}
			return other
		}
		switch e.Op {
		case token.LAND:
			switch {
			case x < 0 || y < 0:
				return -1
			case x > 0 && y > 0:
				return 1
			}
		case token.LOR:
			switch {
			case x > 0 || y > 0:
				return 1
			case x < 0 && y < 0:
				return -1
			}
		}
	}
	return 0
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

// assignedInLiteral reports whether a function literal in body assigns v.
func assignedInLiteral(info *types.Info, body ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		lit, ok := n.(*ast.FuncLit)
		if !ok {
			return !found
		}
		ast.Inspect(lit.Body, func(x ast.Node) bool {
			if as, ok := x.(*ast.AssignStmt); ok {
				for _, lhs := range as.Lhs {
					if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && info.ObjectOf(id) == v {
						found = true
					}
				}
			}
			return !found
		})
		return false
	})
	return found
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
