package ctxgoroutine

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"

	"github.com/leash-go/leash/lint/internal/concur"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// endlessLoops reports the loops of a goroutine that cancellation cannot
// end: a loop with no way out at all, and a polling loop — time.Sleep, a
// ticker or timer — that never looks at the context or done channel it has.
func (c *checker) endlessLoops(g goroutine) {
	inspect(g.body, func(n ast.Node) bool {
		var body *ast.BlockStmt
		ticker := false
		switch l := n.(type) {
		case *ast.ForStmt:
			if l.Cond != nil {
				return true
			}
			body = l.Body
		case *ast.RangeStmt:
			if !c.p.IsTimer(l.X) {
				return true // ranges end when their input does
			}
			body, ticker = l.Body, true
		default:
			return true
		}
		exits := c.p.Leaves(body.List, true)
		polls := ticker || c.polls(body)
		watches := c.watchesCancel(body) || (exits && c.mentions(body, g.cancellers)) || c.leavesOnReceive(body)
		switch {
		case polls && !watches:
			what := "polls with time.Sleep"
			if ticker {
				what = "ranges over a ticker"
			} else if !c.sleeps(body) {
				what = "polls a timer"
			}
			c.reportPending(n, analysis.Diagnostic{
				Pos:     n.Pos(),
				Message: "goroutine " + what + " and never checks " + names(g.cancellers) + ": " + c.advice(g),
			}, c.pendingOn(g))
		case !exits && !ticker:
			c.report(n, analysis.Diagnostic{
				Pos:     n.Pos(),
				Message: "goroutine loops forever with no way to stop it: " + c.advice(g),
			})
		}
		return true
	})
}

// leavesOnReceive reports whether a loop body has a select case that
// receives from a channel other than a timer's and leaves the loop: the
// loop stops when told to, whatever the channel is called.
func (c *checker) leavesOnReceive(body *ast.BlockStmt) bool {
	found := false
	inspect(body, func(n ast.Node) bool {
		if cc, ok := n.(*ast.CommClause); ok {
			if ch := model.RecvChan(cc.Comm); ch != nil && !c.p.IsTimer(ch) && c.p.Leaves(cc.Body, false) {
				found = true
			}
		}
		return !found
	})
	return found
}

// advice says how to make a loop stoppable.
func (c *checker) advice(g goroutine) string {
	can := g.cancellers[0]
	if g.ctx != nil {
		can = *g.ctx
		return "select on " + can.String() + ".Done() and return"
	}
	return "select on " + can.String() + " and return"
}

// names lists the cancellers for a message.
func names(cs []concur.Canceller) string {
	if len(cs) == 1 {
		return cs[0].String()
	}
	out := ""
	for i, can := range cs {
		switch {
		case i == 0:
		case i == len(cs)-1:
			out += " or "
		default:
			out += ", "
		}
		out += can.String()
	}
	return out
}

// polls reports whether a loop body waits on the clock: time.Sleep, or a
// receive from a timer's or ticker's channel.
func (c *checker) polls(body *ast.BlockStmt) bool {
	if c.sleeps(body) {
		return true
	}
	found := false
	inspect(body, func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.ARROW && c.p.IsTimer(u.X) {
			found = true
		}
		return !found
	})
	return found
}

// sleeps reports whether body calls time.Sleep.
func (c *checker) sleeps(body *ast.BlockStmt) bool {
	found := false
	inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == "Sleep" {
				found = true
			}
		}
		return !found
	})
	return found
}
