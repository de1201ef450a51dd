package blockingsend

import (
	"fmt"
	"go/ast"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// ignoredCancel (an audit rule, -blockingsend.audit) reports a send outside
// any select made by a function that does react to cancellation, but not
// here: the send sits in a case of a select whose other case waits for
// ctx.Done(), or in a loop that leaves when a select in it sees ctx.Done()
// or a done channel. Once the receiver has gone, the goroutine that knew
// how to stop blocks forever on this send. It guesses: the receiver is out
// of sight, and it may well never leave.
func (c *checker) ignoredCancel() {
	for _, op := range c.p.Ops {
		if op.Kind != model.Send || !op.Bare() || c.reported[op.Node] || c.mayBuffer(op) || c.drained(op) || model.IsTestFunc(op.Func) || op.Func == nil {
			continue
		}
		cc := c.watchedCancel(op)
		if cc == nil {
			continue
		}
		send := op.Node.(*ast.SendStmt)
		can := c.caseCanceller(cc)
		c.report(send, analysis.Diagnostic{
			Pos: send.Pos(),
			Message: fmt.Sprintf("send on %s ignores %s, which this function watches at line %d: it blocks forever once the receiver has gone; send in a select with %s too",
				exprText(op.Chan), can.recv, c.p.Fset.Position(cc.Pos()).Line, can.recv),
			Related:        []analysis.RelatedInformation{{Pos: cc.Pos(), Message: "the function watches " + can.recv + " here"}},
			SuggestedFixes: c.selectFix(send, op.Func.Node(), can),
		})
	}
}

// mayBuffer reports whether op's channel may be made with a buffer (or one
// whose size is not a constant) in the package.
func (c *checker) mayBuffer(op *model.Op) bool {
	sites, _ := c.p.PointsTo(op.Chan)
	for _, s := range sites {
		if s.Make != nil && s.Cap != 0 {
			return true
		}
	}
	return false
}

// caseCanceller turns a select case receiving a cancel signal into what a
// rewritten send also waits for.
func (c *checker) caseCanceller(cc *ast.CommClause) canceller {
	can := canceller{recv: caseText(cc)}
	if ch := model.RecvChan(cc.Comm); ch != nil && concur.IsCtxDone(c.p.Info, ch) {
		can.ctx = exprText(ast.Unparen(ch).(*ast.CallExpr).Fun.(*ast.SelectorExpr).X)
	}
	return can
}

// watchedCancel returns the select case through which op's function
// reacts to cancellation around op: a ctx.Done() case of a select whose
// other case holds op, or a case receiving a cancel signal, whose body
// leaves the loop, of a select in the loop that repeats op. It returns nil
// if there is none.
func (c *checker) watchedCancel(op *model.Op) *ast.CommClause {
	for _, sel := range op.Enclosing() {
		for _, s := range sel.Body.List {
			cc := s.(*ast.CommClause)
			if ch := model.RecvChan(cc.Comm); ch != nil && concur.IsCtxDone(c.p.Info, ch) {
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
				if ch := model.RecvChan(cc.Comm); ch != nil && c.p.IsCancel(ch) && c.p.Leaves(cc.Body, false) {
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
func (c *checker) drained(op *model.Op) bool {
	sites, _ := c.p.PointsTo(op.Chan)
	recvs := 0
	for _, s := range sites {
		for _, r := range c.p.OpsOf(s) {
			switch r.Kind {
			case model.Recv:
				if !r.Bare() {
					return false
				}
				recvs++
			case model.Range:
				if c.p.Leaves(r.Node.(*ast.RangeStmt).Body.List, true) {
					return false
				}
				recvs++
			}
		}
	}
	return recvs > 0
}
