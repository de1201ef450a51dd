package blockingsend

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/flow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// timerDrain reports the drain of a timer's channel, <-t.C outside any
// select, in a function whose select also receives from t.C, when that
// case may already have taken the tick: the drain follows the select, or
// sits in another case of a select that a loop repeats. The drain then
// waits for a value that never comes. (Since Go 1.23, Stop and Reset
// discard a pending tick themselves; the drain is not needed at all.)
func (c *checker) timerDrain() {
	for _, op := range c.ix.Ops {
		if op.Kind != flow.Recv || !op.Bare() || c.reported[op.Node] {
			continue
		}
		sel, ok := ast.Unparen(op.Chan).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "C" || !concur.IsNamed(c.pass.TypesInfo.TypeOf(sel.X), "time", "Timer") {
			continue
		}
		name := exprText(op.Chan)
		for _, other := range c.ix.OpsOf(op.Key) {
			cc, sel := other.Case()
			if cc == nil || other.Func() != op.Func() || exprText(other.Chan) != name {
				continue
			}
			if slices.Contains(op.Enclosing(), sel) && other.Loop() == nil {
				continue // another case of a select that runs once: the tick is still there
			}
			if resets(cc.Body, op.Chan) {
				continue // the timer case rearms the timer: a tick is always pending or coming
			}
			if !slices.Contains(op.Enclosing(), sel) && flow.Terminates(c.pass.TypesInfo, cc.Body) {
				continue // whoever takes the tick never gets to the drain
			}
			c.report(op.Node, analysis.Diagnostic{
				Pos: op.Node.Pos(),
				Message: fmt.Sprintf("receive from %s can block forever: the select at line %d may already have taken the timer's value; drop the drain (Stop and Reset discard it since Go 1.23) or drain in a select with default",
					name, c.pass.Fset.Position(cc.Pos()).Line),
			})
			break
		}
	}
}

// neverSent reports a receive from a channel that no code can ever send
// on or close: it is made locally and handed only to functions of this
// package that never send on it or close it either.
func (c *checker) neverSent() {
	info := c.pass.TypesInfo
	c.funcs(func(fn ast.Node, body *ast.BlockStmt) {
		for _, lc := range c.madeIn(body) {
			var recv *flow.Op
			writable := false
			for _, op := range c.ix.OpsOf(lc.v) {
				switch op.Kind {
				case flow.Send, flow.Close:
					writable = true
				case flow.Recv, flow.Range:
					if recv == nil && op.Bare() {
						recv = op
					}
				}
			}
			if writable || recv == nil || c.reported[recv.Node] {
				continue
			}
			accounted := make(map[*ast.Ident]bool)
			for _, op := range c.ix.OpsOf(lc.v) {
				if id, ok := ast.Unparen(op.Chan).(*ast.Ident); ok {
					accounted[id] = true
				}
			}
			markIdents(lc.make.Pos(), body, lc.v, info, accounted)
			var passedTo []string
			ok := true
			ast.Inspect(body, func(n ast.Node) bool {
				call, isCall := n.(*ast.CallExpr)
				if !isCall {
					return ok
				}
				for i, a := range call.Args {
					id, isID := ast.Unparen(a).(*ast.Ident)
					if !isID || info.Uses[id] != lc.v {
						continue
					}
					callee := typeutil.StaticCallee(info, call)
					decl := c.ix.Decl(callee)
					if decl == nil || !c.onlyReceives(decl, paramAt(info, decl, i)) {
						ok = false
						return false
					}
					accounted[id] = true
					passedTo = append(passedTo, callee.Name())
				}
				return ok
			})
			if !ok {
				continue
			}
			ast.Inspect(body, func(n ast.Node) bool {
				if id, isID := n.(*ast.Ident); isID && info.Uses[id] == lc.v && !accounted[id] && !isLenOrCap(info, body, id) {
					ok = false
				}
				return ok
			})
			if !ok {
				continue
			}
			msg := fmt.Sprintf("receive from %s blocks forever: nothing sends on it or closes it", lc.v.Name())
			if len(passedTo) > 0 {
				msg += fmt.Sprintf(" (%s never does either)", passedTo[0])
			}
			c.report(recv.Node, analysis.Diagnostic{Pos: recv.Node.Pos(), Message: msg})
		}
	})
}

// onlyReceives reports whether decl's parameter p is used for nothing but
// receiving.
func (c *checker) onlyReceives(decl *ast.FuncDecl, p *types.Var) bool {
	if p == nil {
		return false
	}
	return usesOnly(c.pass.TypesInfo, decl.Body, p, func(n ast.Node) ast.Expr {
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				return n.X
			}
		case *ast.RangeStmt:
			return n.X
		}
		return nil
	})
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
