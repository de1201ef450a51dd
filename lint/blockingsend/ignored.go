package blockingsend

import (
	"fmt"
	"go/ast"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/flow"
	"golang.org/x/tools/go/analysis"
)

// ignoredCancel reports a send outside any select made by a function that
// does react to cancellation, but not here: the send sits in a case of a
// select whose other case waits for ctx.Done(), or in a loop that leaves
// when a select in it sees ctx.Done() or a done channel. Once the receiver
// has gone, the goroutine that knew how to stop blocks forever on this
// send. The typical shapes are the send in the body of the very select that
// watches ctx.Done(), and the send in the default case of a "check, then
// block" loop.
func (c *checker) ignoredCancel() {
	for _, op := range c.ix.Ops {
		if op.Kind != flow.Send || !op.Bare() || c.reported[op.Node] || c.ix.MayBuffer(op.Key) || c.drained(op) || isTestFunc(op.Func()) {
			continue
		}
		fn := op.Func()
		cc := c.watchedCancel(op)
		if fn == nil || cc == nil {
			continue
		}
		send := op.Node.(*ast.SendStmt)
		can := c.caseCanceller(cc)
		c.report(send, analysis.Diagnostic{
			Pos: send.Pos(),
			Message: fmt.Sprintf("send on %s ignores %s, which this function watches at line %d: it blocks forever once the receiver has gone; send in a select with %s too",
				exprText(op.Chan), can.recv, c.pass.Fset.Position(cc.Pos()).Line, can.recv),
			SuggestedFixes: c.selectFix(send, fn, can),
		})
	}
}

// caseCanceller turns a select case receiving a cancel signal into what a
// rewritten send waits for.
func (c *checker) caseCanceller(cc *ast.CommClause) canceller {
	can := canceller{recv: caseText(cc)}
	if ch := flow.RecvChan(cc.Comm); ch != nil && concur.IsCtxDone(c.pass.TypesInfo, ch) {
		can.ctx = exprText(ast.Unparen(ch).(*ast.CallExpr).Fun.(*ast.SelectorExpr).X)
	}
	return can
}

// watchedCancel returns the select case through which op's function
// reacts to cancellation around op: a ctx.Done() case of a select whose
// other case holds op, or a case receiving a cancel signal, whose body
// leaves the loop, of a select in the loop that repeats op. It returns nil
// if there is none.
func (c *checker) watchedCancel(op *flow.Op) *ast.CommClause {
	for _, sel := range op.Enclosing() {
		for _, s := range sel.Body.List {
			cc := s.(*ast.CommClause)
			if ch := flow.RecvChan(cc.Comm); ch != nil && concur.IsCtxDone(c.pass.TypesInfo, ch) {
				return cc
			}
		}
	}
	loop := op.Loop()
	if loop == nil {
		return nil
	}
	var found *ast.CommClause
	ast.Inspect(loop, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			for _, s := range n.Body.List {
				cc := s.(*ast.CommClause)
				if ch := flow.RecvChan(cc.Comm); ch != nil && c.ix.IsCancel(ch) && flow.Leaves(cc.Body) {
					found = cc
				}
			}
		}
		return found == nil
	})
	return found
}

// drained reports whether op's channel has dedicated receivers: every
// receive waits for its value — a receive outside any select, or a range
// loop that runs until the channel is closed.
func (c *checker) drained(op *flow.Op) bool {
	recvs := 0
	for _, r := range c.ix.OpsOf(op.Key) {
		switch r.Kind {
		case flow.Recv:
			if !r.Bare() {
				return false
			}
			recvs++
		case flow.Range:
			if flow.Leaves(r.Node.(*ast.RangeStmt).Body.List) {
				return false
			}
			recvs++
		}
	}
	return recvs > 0
}
