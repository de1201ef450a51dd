package blockingsend

import (
	"go/ast"

	"github.com/leash-go/leash/lint/internal/model"
)

// gateOf returns the channel whose close the goroutine s waits for before
// it can send on site, when the receiving function r alone closes it: s
// ranges over that channel, in a statement of its own body that nothing
// in the loop leaves, and makes every send on site after it; the channel
// is made by r, closed only by r's own body — not by a deferred close,
// which would run on every return — and handed to nothing that may close
// it.
//
//	done := make(chan bool)
//	go func() {
//		for r := range results {
//			merge(r)
//		}
//		done <- true
//	}()
//	if err := g.Wait(); err != nil {
//		return err // results is not closed: the goroutine never sends
//	}
//	close(results)
//	<-done
//
// Until r closes the gate the goroutine owes nothing: a return before the
// close strands it in its range, not at the send (and a buffer for done
// would not free it), while the close is followed by the receive.
func (c *checker) gateOf(s *model.Spawn, site *model.Site, r *model.Func) *model.Site {
	f := s.Func
	if f == nil || f.Body() == nil {
		return nil
	}
	var sends []*model.Op
	for _, op := range c.p.OpsOf(site) {
		if !f.Encloses(op.Func) {
			continue
		}
		if op.Kind != model.Send || op.Func != f {
			return nil // a send in a closure or callee of its own, or a close
		}
		sends = append(sends, op)
	}
	if len(sends) == 0 {
		return nil
	}
	for _, st := range f.Body().List {
		loop, ok := st.(*ast.RangeStmt)
		if !ok || !isChan(c.p.Info.TypeOf(loop.X)) || leavesLoop(loop.Body) {
			continue
		}
		sites, opaque := c.p.PointsTo(loop.X)
		if opaque || len(sites) != 1 || sites[0].Func != r || !c.closedOnlyBy(sites[0], r) {
			continue
		}
		after := true
		for _, op := range sends {
			after = after && op.Node.Pos() > loop.End()
		}
		if after {
			return sites[0]
		}
	}
	return nil
}

// closedOnlyBy reports whether every close of gate is a statement of r's
// own body that runs where it stands (not deferred), and nothing gate is
// handed to may close it or lose it from sight.
func (c *checker) closedOnlyBy(gate *model.Site, r *model.Func) bool {
	if c.p.Use(r, gate).AtReturn.Closes.Max > 0 {
		return false
	}
	closes := 0
	for _, op := range c.p.OpsOf(gate) {
		switch op.Kind {
		case model.Close:
			if op.Func != r {
				return false
			}
			closes++
		case model.Escape:
			return false
		case model.Pass:
			u, ok := c.p.ParamUse(op.Call, op.Arg)
			if !ok || u.Escapes || u.Now.Plus(u.Later).Closes.Max > 0 {
				return false
			}
		}
	}
	return closes > 0
}
