package blockingsend

import (
	"fmt"
	"go/ast"
	"slices"

	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// sharedStops reports a send outside any select by a goroutine that polls
// a stop channel, when every receiver of the channel leaves on that same
// stop channel:
//
//	for {
//		select {
//		case <-stop:
//			return
//		default:
//			events <- ev // blocks forever if stop is closed now
//		}
//	}
//
// and, elsewhere, the only receiver:
//
//	select {
//	case ev := <-events:
//	case <-stop:
//		return
//	}
//
// The sender's own check of stop shows that stop is closed while it still
// runs: that is how it is meant to end. Once stop is closed, the receiver
// may take its way out, and the sender, past its check and on the send,
// waits forever — and whatever waits for it to end (a Stop that waits for
// its workers) waits too. Unlike the receivers of abandonedFields, which
// may leave only at a shutdown the sender never takes part in, the code
// shows here that the receiver's departure happens while the sender runs.
//
// The channel must be unbuffered, made in the package and kept out of
// other packages' reach, and every receive of it must be a select case
// whose way out is a receive from a channel the sender's check may hold.
// A send in a select that also waits for stop, a receiver that drains
// the channel after it leaves, or a sender that checks a stop channel
// other than the receiver's, are left alone.
func (c *checker) sharedStops() {
	for _, op := range c.p.Ops {
		if op.Kind != model.Send || !op.Bare() || op.Func == nil || model.IsTestFunc(op.Func) || c.reported[op.Node] {
			continue
		}
		if field := fieldOf(c.p.Info, op.Chan); field != nil && (c.p.Reachable(field) || c.p.Opaque(field)) {
			continue
		}
		sites, opaque := c.p.PointsTo(op.Chan)
		if opaque || len(sites) == 0 {
			continue
		}
		check := c.stopCheck(op)
		if check == nil {
			continue
		}
		stops, _ := c.p.PointsTo(model.RecvChan(check.Comm))
		at, leave := c.leavingOn(op, sites, stops)
		if at == nil {
			continue
		}
		send := op.Node.(*ast.SendStmt)
		can := canceller{recv: caseText(check)}
		c.report(send, analysis.Diagnostic{
			Pos: send.Pos(),
			Message: fmt.Sprintf("send on %s can block forever: its receiver (%s, line %d) leaves once %s is ready, which this goroutine checks at line %d but not while it sends; send in a select with %s too",
				exprText(op.Chan), funcName(at.Func.Node()), c.p.Fset.Position(at.Node.Pos()).Line, caseText(leave), c.p.Fset.Position(check.Pos()).Line, can.recv),
			Related: []analysis.RelatedInformation{
				{Pos: check.Pos(), Message: "the sender checks the stop channel here, and goes on to send"},
				{Pos: at.Node.Pos(), Message: "every receive is a select case"},
				{Pos: leave.Pos(), Message: "the receiver leaves here on the same stop channel, and nothing receives after that"},
			},
			SuggestedFixes: c.selectFix(send, op.Func.Node(), can),
		})
	}
}

// stopCheck returns the case through which op's goroutine checks a stop
// channel around op: a case of a select whose other case holds op, or of
// a select in the loop that repeats op, that receives from a channel made
// in the package and leaves. It returns nil if there is none.
func (c *checker) stopCheck(op *model.Op) *ast.CommClause {
	var sels []*ast.SelectStmt
	sels = append(sels, op.Enclosing()...)
	if loop := op.Loop(); loop != nil {
		ast.Inspect(loop, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.SelectStmt:
				sels = append(sels, n)
			}
			return true
		})
	}
	for _, sel := range sels {
		for _, s := range sel.Body.List {
			cc := s.(*ast.CommClause)
			ch := model.RecvChan(cc.Comm)
			if ch == nil || !c.p.Leaves(cc.Body, false) {
				continue
			}
			if stops, opaque := c.p.PointsTo(ch); !opaque && len(stops) > 0 && !slices.ContainsFunc(stops, func(s *model.Site) bool { return s.Make == nil }) {
				return cc
			}
		}
	}
	return nil
}

// leavingOn returns, when every receive from sites is a select case that
// can give up on them for good — by a receive from one of stops, unless
// stops is nil — one such receive and its way out; nil otherwise. The
// channels must be unbuffered, made here, with no receiver out of sight.
func (c *checker) leavingOn(send *model.Op, sites, stops []*model.Site) (*model.Op, *ast.CommClause) {
	var at *model.Op
	var leave *ast.CommClause
	for _, s := range sites {
		if s.Make == nil || s.Cap != 0 || c.otherSideHidden(s, model.Send, false) {
			return nil, nil
		}
		for _, r := range c.p.OpsOf(s) {
			switch r.Kind {
			case model.Range:
				return nil, nil
			case model.Pass:
				u, ok := c.p.ParamUse(r.Call, r.Arg)
				if !ok || u.Escapes || r.Call.Target == nil && u.Now.Plus(u.Later).Recvs.Max > 0 {
					return nil, nil // received by code whose receives are not among these
				}
			case model.Recv:
				if r.Bare() || r.Func == send.Func {
					return nil, nil
				}
				alt := c.p.LeavingCase(r)
				if alt == nil || stops != nil && !c.onStop(alt, stops) {
					return nil, nil
				}
				if at == nil {
					at, leave = r, alt
				}
			}
		}
	}
	return at, leave
}

// onStop reports whether cc receives from a channel that may only be one
// of stops.
func (c *checker) onStop(cc *ast.CommClause, stops []*model.Site) bool {
	ch := model.RecvChan(cc.Comm)
	if ch == nil {
		return false
	}
	gone, opaque := c.p.PointsTo(ch)
	if opaque || len(gone) == 0 {
		return false
	}
	for _, s := range gone {
		if !slices.Contains(stops, s) {
			return false
		}
	}
	return true
}
