package blockingsend

import (
	"fmt"
	"go/ast"

	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
	"golang.org/x/tools/go/analysis"
)

// neverSent reports a receive from a channel that no code can ever send
// on or close: it is made locally, and neither its maker nor the functions
// it is handed to or the goroutines started with it send on it or close
// it. The channel never leaves the check's sight.
//
// A receive from a channel made in the receive itself, <-make(chan T), is
// left alone: no code could ever hold the channel, so no send was
// forgotten; it is written on purpose, like select {}, to block forever (a
// command that keeps serving until it is killed). So is the same idiom in
// two statements, c := make(chan struct{}) then <-c right after it, when
// the receive is all that is ever done with c: nothing could have been
// meant to send in between; and <-c as the last statement of a program's
// main, or of a function whose goroutines all run for good, with nothing
// else ever done with c: the program serves until it is killed; the
// function parks for good beside its goroutines, as a file watcher keeping
// its watch open, a gateway beside the servers it started
// (go func() { log.Fatal(http.ListenAndServe(addr, mux)) }()), or a
// worker beside the goroutine consuming a broker's deliveries. None of
// those goroutines could have been the one to close c, for none of them
// ends while it does its work. Outside main, a goroutine that may end
// (go work()) could have been meant to, and the receive is reported.
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
		if recv == nil || c.reported[recv.Node] || ast.Unparen(recv.Chan) == site.Make || c.blockForever(site, recv) {
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

// blockForever reports whether recv, the only operation on site, is the
// statement right after the one that makes site's channel: c :=
// make(chan T); <-c, the two-statement form of <-make(chan T); or the last
// statement of a program's main, or of a function that has started only
// goroutines that never end: it parks for good beside them.
func (c *checker) blockForever(site *model.Site, recv *model.Op) bool {
	if len(c.p.OpsOf(site)) != 1 || site.Func == nil || site.Func.Body() == nil {
		return false
	}
	if c.parksForGood(site.Func, recv.Node) {
		return true
	}
	next := false
	ast.Inspect(site.Func.Body(), func(n ast.Node) bool {
		list, _ := model.StmtList(n)
		for i := 0; i+1 < len(list); i++ {
			if within(site.Make, list[i]) && within(recv.Node, list[i+1]) {
				next = true
			}
		}
		return !next
	})
	return next
}

// parksForGood reports whether wait, an operation that never ends, is
// f's way of running until the process is killed: it is in the last
// statement of a program's main, or it is the whole last statement (but
// for a final return) of a function whose goroutines all run for good. A
// program whose main never returns on every run was written so; a bug of
// that kind shows on the first run.
func (c *checker) parksForGood(f *model.Func, wait ast.Node) bool {
	list := f.Body().List
	if len(list) == 0 {
		return false
	}
	last := list[len(list)-1]
	if c.isMain(f) && within(wait, last) {
		return true
	}
	// A return after the wait is there for the compiler: a function with
	// results must end in one, and it runs only if the wait ends.
	if _, ok := last.(*ast.ReturnStmt); ok && len(list) > 1 {
		last = list[len(list)-2]
	}
	es, ok := last.(*ast.ExprStmt)
	return ok && ast.Unparen(es.X) == wait && c.startsOnlyEndless(f)
}

// startsOnlyEndless reports whether f starts at least one goroutine and
// every goroutine it starts runs a function of the package that has no
// way to return (a loop with no way out), or one that serves (see
// serveCalls) outside any loop: it runs for as long as its server, and
// the function parks beside its servers as main does with select {}.
func (c *checker) startsOnlyEndless(f *model.Func) bool {
	started := 0
	for _, call := range f.Calls {
		if !call.Go {
			continue
		}
		g := c.p.FuncValue(call.Expr.Fun)
		if g == nil || g.Body() == nil || !neverReturns(g) && !c.servesOnce(g) && !c.consumesOnce(g) {
			return false
		}
		started++
	}
	return started > 0
}

// servesOnce reports whether g calls, outside any loop, something that
// serves until its server stops.
func (c *checker) servesOnce(g *model.Func) bool {
	for _, call := range g.Calls {
		if !call.Go && len(call.Loops) == 0 && c.serves(call.Expr) {
			return true
		}
	}
	return false
}

// consumesOnce reports whether g ranges, in a statement of its own body,
// over a channel that only code out of sight makes and closes (a broker's
// deliveries, a watch's events), with nothing in the loop that leaves it:
// g runs for as long as that source, as a server's goroutine runs for as
// long as its server.
func (c *checker) consumesOnce(g *model.Func) bool {
	for _, st := range g.Body().List {
		r, ok := st.(*ast.RangeStmt)
		if !ok || !isChan(c.p.Info.TypeOf(r.X)) || leavesLoop(r.Body) {
			continue
		}
		if sites, opaque := c.p.PointsTo(r.X); len(sites) == 0 && opaque {
			return true
		}
	}
	return false
}

// neverReturns reports whether no path through f reaches a return.
func neverReturns(f *model.Func) bool {
	returns := false
	walk := paths.Walk[struct{}]{Node: func(n ast.Node, s struct{}) (struct{}, bool) { return s, true }}
	complete := paths.Search(f.Graph(), struct{}{}, walk, func(*paths.Path[struct{}]) bool {
		returns = true
		return true
	})
	return complete && !returns
}
