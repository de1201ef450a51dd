package blockingsend

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// abandonedFields reports a send on an unbuffered channel kept in an
// unexported struct field (or package variable) when every receive from
// that channel is a select case that can give up on it: once the receiving
// loop has taken its way out — ctx.Done(), a stop channel, a timeout —
// nothing will ever take the value, and the sender blocks forever. A
// channel other packages can reach — an exported field, an accessor
// returning it — may have receivers the check cannot see.
func (c *checker) abandonedFields() {
	for _, op := range c.p.Ops {
		if op.Kind != model.Send || !op.Bare() || model.IsTestFunc(op.Func) || c.reported[op.Node] {
			continue
		}
		field := fieldOf(c.p.Info, op.Chan)
		if field == nil || c.p.Reachable(field) || c.p.Opaque(field) {
			continue
		}
		sites, opaque := c.p.PointsTo(op.Chan)
		if opaque || len(sites) == 0 {
			continue
		}
		at, leave := c.abandoning(op, sites)
		if at == nil {
			continue
		}
		send := op.Node.(*ast.SendStmt)
		msg := fmt.Sprintf("send on %s can block forever: its receiver (%s, line %d) stops receiving once %s wins its select",
			exprText(op.Chan), funcName(at.Func.Node()), c.p.Fset.Position(at.Node.Pos()).Line, caseText(leave))
		d := analysis.Diagnostic{Pos: send.Pos(), Related: []analysis.RelatedInformation{
			{Pos: at.Node.Pos(), Message: "the only receive is a select case"},
			{Pos: leave.Pos(), Message: "the receiver leaves here, and nothing receives from " + field.Name() + " after that"},
		}}
		if cc := c.watchedCancel(op); cc != nil {
			can := c.caseCanceller(cc)
			d.Message = msg + "; send in a select with " + can.recv + " too"
			d.SuggestedFixes = c.selectFix(send, op.Func.Node(), can)
		} else if can, ok := c.leaveCanceller(send.Pos(), leave); ok {
			d.Message = msg + "; send in a select with " + can.recv + " too"
			d.SuggestedFixes = c.selectFix(send, op.Func.Node(), can)
		} else if can, ok := c.cancellerAt(send.Pos()); ok {
			d.Message = msg + "; send in a select with " + can.recv + " too"
			d.SuggestedFixes = c.selectFix(send, op.Func.Node(), can)
		} else {
			d.Message = msg + "; give the sender a done channel or context to select on"
		}
		c.report(send, d)
	}
}

// abandoning returns, when every receive from sites can give up on them
// for good, one such receive and the case that leaves; nil otherwise. The
// channels must be unbuffered, made here and kept out of others' reach.
func (c *checker) abandoning(send *model.Op, sites []*model.Site) (*model.Op, *ast.CommClause) {
	return c.leavingOn(send, sites, nil)
}

// leaveCanceller returns the done channel in scope at pos, a variable or
// a field, that may hold the one the receiver leaves on when leave is
// taken: the send should give up when the receiver does.
func (c *checker) leaveCanceller(pos token.Pos, leave *ast.CommClause) (canceller, bool) {
	ch := model.RecvChan(leave.Comm)
	if ch == nil {
		return canceller{}, false
	}
	gone, opaque := c.p.PointsTo(ch)
	if opaque || len(gone) == 0 {
		return canceller{}, false
	}
	for _, can := range concur.CancellersAt(c.p.Pkg, pos) {
		if can.IsContext() || !c.isDoneVar(can.Var, pos) {
			continue
		}
		sites, _ := c.p.SitesOf(can.Var)
		for _, s := range sites {
			if slices.Contains(gone, s) {
				return canceller{recv: "<-" + can.String()}, true
			}
		}
	}
	return canceller{}, false
}
