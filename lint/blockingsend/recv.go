package blockingsend

import (
	"fmt"
	"go/ast"
	"slices"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// timerDrain reports the drain of a timer's channel, <-t.C outside any
// select, in a function whose select also receives from t.C, when that
// case may already have taken the tick: the drain follows the select, or
// sits in another case of a select that a loop repeats. The drain then
// waits for a value that never comes. (Since Go 1.23, Stop and Reset
// discard a pending tick themselves; the drain is not needed at all.)
func (c *checker) timerDrain() {
	for _, op := range c.p.Ops {
		if op.Kind != model.Recv || !op.Bare() || c.reported[op.Node] || op.Func == nil {
			continue
		}
		sel, ok := ast.Unparen(op.Chan).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "C" || !concur.IsNamed(c.p.Info.TypeOf(sel.X), "time", "Timer") {
			continue
		}
		name := exprText(op.Chan)
		for _, other := range op.Func.Ops {
			cc, sel := other.Case()
			if cc == nil || other.Kind != model.Recv || exprText(other.Chan) != name {
				continue
			}
			if slices.Contains(op.Enclosing(), sel) && other.Loop() == nil {
				continue // another case of a select that runs once: the tick is still there
			}
			if resets(cc.Body, op.Chan) {
				continue // the timer case rearms the timer: a tick is always pending or coming
			}
			if loop := other.Loop(); loop != nil && slices.Contains(op.Enclosing(), sel) && madeEachRound(loop, op.Chan) {
				continue // a new timer each round: the one drained has had no value taken
			}
			if !slices.Contains(op.Enclosing(), sel) && c.p.Terminates(cc.Body) {
				continue // whoever takes the tick never gets to the drain
			}
			if !slices.Contains(op.Enclosing(), sel) && op.Node.Pos() < sel.Pos() && (other.Loop() == nil || !within(op.Node, other.Loop())) {
				continue // the drain comes before the select, in no loop around it: no case has taken the tick yet
			}
			c.report(op.Node, analysis.Diagnostic{
				Pos: op.Node.Pos(),
				Message: fmt.Sprintf("receive from %s can block forever: the select at line %d may already have taken the timer's value; drop the drain (Stop and Reset discard it since Go 1.23) or drain in a select with default",
					name, c.p.Fset.Position(cc.Pos()).Line),
				Related: []analysis.RelatedInformation{{Pos: cc.Pos(), Message: "this case takes the timer's value, and nothing rearms the timer before the drain"}},
			})
			break
		}
	}
}

// neverSent reports a receive from a channel that no code can ever send
// on or close: it is made locally, and neither its maker nor the functions
// it is handed to or the goroutines started with it send on it or close
// it. The channel never leaves the check's sight.
func (c *checker) neverSent() {
	for _, site := range c.p.Sites() {
		if !c.localChannel(site) {
			continue
		}
		var recv *model.Op
		for _, op := range c.p.OpsOf(site) {
			if (op.Kind == model.Recv || op.Kind == model.Range) && op.Bare() {
				recv = op
				break
			}
		}
		if recv == nil || c.reported[recv.Node] {
			continue
		}
		u := c.p.Use(site.Func, site)
		if u.Escapes || u.Now.Sends.Max > 0 || u.Now.Closes.Max > 0 || u.Later.Sends.Max > 0 || u.Later.Closes.Max > 0 {
			continue
		}
		name := siteName(c.p, site)
		msg := fmt.Sprintf("receive from %s blocks forever: nothing sends on it or closes it", name)
		for _, op := range c.p.OpsOf(site) {
			if op.Kind == model.Pass && op.Call.Callee != nil {
				msg += fmt.Sprintf(" (%s never does either)", op.Call.Callee.Name())
				break
			}
		}
		c.report(recv.Node, analysis.Diagnostic{Pos: recv.Node.Pos(), Message: msg, Related: []analysis.RelatedInformation{{Pos: site.Make.Pos(), Message: name + " is made here"}}})
	}
}

// madeEachRound reports whether the timer whose channel is timerC (t.C) is
// assigned anew in the body of loop: each round's select then waits on a
// timer of its own, and a drain in one of its other cases drains a timer
// whose value no case has taken.
func madeEachRound(loop ast.Stmt, timerC ast.Expr) bool {
	sel, ok := ast.Unparen(timerC).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	timer := exprText(sel.X)
	body := model.LoopBody(loop)
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, lhs := range as.Lhs {
				if exprText(lhs) == timer {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// resets reports whether stmts call Reset on the timer whose channel is
// timerC (t.C).
func resets(stmts []ast.Stmt, timerC ast.Expr) bool {
	sel, ok := ast.Unparen(timerC).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	timer := exprText(sel.X)
	found := false
	for _, s := range stmts {
		ast.Inspect(s, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if f, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && f.Sel.Name == "Reset" && exprText(f.X) == timer {
					found = true
				}
			}
			return !found
		})
	}
	return found
}
