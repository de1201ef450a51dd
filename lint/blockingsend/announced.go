package blockingsend

import (
	"go/ast"
	"go/token"

	"github.com/leash-go/leash/lint/internal/model"
)

// announcesEnd reports whether a value received from ch tells that every
// goroutine sending on site has made its last send: the function makes
// one goroutine (not in a loop) that touches site, every send on ch is
// made by that goroutine's own body, after every statement of it that
// sends on site, or by a function literal it defers (which runs after all
// of them), outside any loop, and nothing it starts sends on site later:
//
//	go func() {
//		if err := l.ListenAndServe(conns); err != nil { // sends on conns
//			stop <- err // ListenAndServe has returned
//		}
//	}()
//	for {
//		select {
//		case err := <-stop:
//			return err // nothing sends on conns any more
//		case c := <-conns:
//			...
//		}
//	}
//
// Having taken the goroutine's last word, the receiver owes it nothing.
func (c *checker) announcesEnd(ch ast.Expr, site *model.Site) bool {
	k := announcement{ch, site}
	if v, ok := c.announced[k]; ok {
		return v
	}
	v := c.computeAnnouncesEnd(ch, site)
	c.announced[k] = v
	return v
}

// announcement is a channel received from and the channel whose senders
// it may announce the end of.
type announcement struct {
	ch   ast.Expr
	site *model.Site
}

func (c *checker) computeAnnouncesEnd(ch ast.Expr, site *model.Site) bool {
	spawns := c.spawnsTouching(site.Func, site)
	if len(spawns) != 1 || len(spawns[0].Loops) > 0 || spawns[0].Func == nil {
		return false
	}
	g := spawns[0].Func
	if c.p.Use(g, site).Later.Sends.Max > 0 {
		return false // a goroutine of its own may still send
	}
	sites, opaque := c.p.PointsTo(ch)
	if opaque || len(sites) == 0 {
		return false
	}
	lastSend := c.lastSendOn(g, site)
	if !lastSend.IsValid() {
		return false
	}
	sends := 0
	for _, s := range sites {
		if s == site {
			return false
		}
		for _, op := range c.p.OpsOf(s) {
			switch op.Kind {
			case model.Send:
				if op.Loop() != nil || !(op.Func == g && op.Node.Pos() >= lastSend || deferredBy(op.Func, g)) {
					return false
				}
				sends++
			case model.Close, model.Pass, model.Escape:
				return false
			}
		}
	}
	return sends > 0
}

// deferredBy reports whether f is a function literal that g defers, once
// (defer func() { ...; done <- struct{}{} }(), outside any loop): it runs
// after every statement of g, on every way out.
func deferredBy(f, g *model.Func) bool {
	if f == nil || f.Lit == nil || f.Parent != g || len(f.Callers) != 1 {
		return false
	}
	call := f.Callers[0]
	return call.Defer && call.In == g && len(call.Loops) == 0 && ast.Unparen(call.Expr.Fun) == f.Lit
}

// lastSendOn returns where the last statement of g's body that sends on
// site ends (by position); NoPos if none does.
func (c *checker) lastSendOn(g *model.Func, site *model.Site) token.Pos {
	graph := g.Graph()
	last := token.NoPos
	for _, b := range graph.CFG.Blocks {
		for _, n := range graph.Nodes(b) {
			if c.p.NodeEffect(g, n, site).Now.Sends.Max > 0 && n.End() > last {
				last = n.End()
			}
		}
	}
	return last
}
