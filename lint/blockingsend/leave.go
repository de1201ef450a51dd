package blockingsend

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"math"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
	"golang.org/x/tools/go/analysis"
)

// leavingReceivers reports the sends that block forever because their
// receiver stops receiving while goroutines still have values to send:
// the channel is made by one function, the goroutines it starts (or the
// helpers it hands the channel to start) send on it outside any select,
// and one function receives from it — the maker, or one goroutine it
// starts — on a path that returns having received fewer values than are
// sent and the buffer holds. This is the playbook's first leak:
//
//	errc := make(chan error)
//	for _, u := range urls {
//		go func() { errc <- fetch(u) }()
//	}
//	for range urls {
//		if err := <-errc; err != nil {
//			return err // the other goroutines block on errc forever
//		}
//	}
//
// The finding names the path: where the goroutines start, the values
// received, and where the receiver leaves. It says nothing when the
// channel goes where the check cannot follow it (a field, an interface,
// a function without a summary), when its capacity is not a constant, when
// another goroutine also receives from it (a drain started on the way
// out), when the path has failed a test first, or when the receiver's
// loop ends by its own condition (it is taken to receive every value).
func (c *checker) leavingReceivers() {
	for _, site := range c.p.Sites() {
		if !c.localChannel(site) || c.boundedInFlight(site) {
			continue
		}
		m := site.Func
		u := c.p.Use(m, site)
		if u.Now.Sends.Max > 0 || u.Later.Sends.Max == 0 {
			continue // the maker sends too, or nothing sends: not this shape
		}
		var receivers []*model.Spawn
		for _, s := range c.spawnsTouching(m, site) {
			if e := c.p.Use(s.Func, site).Now; e.Recvs.Max > 0 || e.Drains {
				receivers = append(receivers, s)
			}
		}
		switch {
		case u.Now.Recvs.Max == 0 && !u.Now.Drains && len(receivers) == 0 && u.Later.Recvs.Max == 0 && !u.Later.Drains:
			c.unreceived(site)
		case (u.Now.Recvs.Max > 0 || u.Now.Drains) && len(receivers) == 0:
			c.leaves(site, m, 0)
		case u.Now.Recvs.Max == 0 && !u.Now.Drains && len(receivers) == 1 && len(receivers[0].Loops) == 0:
			// One goroutine receives, next to those that send: a pipeline.
			r := receivers[0]
			owed := uint8(0)
			var senders []ast.Node
			for _, s := range c.spawnsTouching(m, site) {
				if s != r {
					e := c.p.Use(s.Func, site)
					if n := c.owedBy(s, site); e.Now.Waits && n > 0 {
						owed = satAdd(owed, c.times(n, s.Loops))
						senders = append(senders, s.Node())
					}
				}
			}
			if owed > 0 {
				c.leaves(site, r.Func, owed, senders...)
			}
		}
	}
}

// unreceived reports the sends on a channel nothing receives from, beyond
// what its buffer holds, unless the goroutines that make them can only be
// stranded once in the life of the process (oncePerProcess).
func (c *checker) unreceived(site *model.Site) {
	need := c.mostOwed(site)
	if need <= bufferOf(site) {
		return
	}
	name := siteName(c.p, site)
	var starts []ast.Node
	spawns := c.spawnsTouching(site.Func, site)
	for _, s := range spawns {
		starts = append(starts, s.Node())
	}
	if c.oncePerProcess(site.Func, spawns) {
		return
	}
	msg := fmt.Sprintf("send on %s blocks forever: nothing receives from it", name)
	related := []analysis.RelatedInformation{{Pos: site.Make.Pos(), Message: name + " is made here, and nothing receives from it"}}
	for _, at := range c.sendSites(site.Func, site, starts) {
		c.report(at, analysis.Diagnostic{Pos: at.Pos(), Message: msg, Related: related})
	}
}

// localChannel reports whether site is a channel made in a function that
// the check can follow entirely: a constant capacity, never stored in a
// field, never handed out of sight, and used only by its maker and the
// functions it calls or starts.
func (c *checker) localChannel(site *model.Site) bool {
	if site.Make == nil || site.Func == nil || site.Cap < 0 || c.p.InField(site) || c.p.Escapes(site) {
		return false
	}
	reach := c.reachable(site.Func)
	for _, op := range c.p.OpsOf(site) {
		if op.Func == nil || !reach[op.Func] {
			return false
		}
	}
	return true
}

// reachable returns the functions f calls or starts, directly or not, and
// f itself.
func (c *checker) reachable(f *model.Func) map[*model.Func]bool {
	seen := map[*model.Func]bool{f: true}
	work := []*model.Func{f}
	for len(work) > 0 {
		g := work[len(work)-1]
		work = work[:len(work)-1]
		next := func(h *model.Func) {
			if h != nil && !seen[h] {
				seen[h] = true
				work = append(work, h)
			}
		}
		for _, call := range g.Calls {
			next(call.Target)
		}
		for _, s := range g.Spawns {
			next(s.Func)
		}
	}
	return seen
}

// spawnsTouching returns the goroutines and tasks m starts itself whose
// function operates on site: by capture, or as a parameter it is handed
// (go tab.findnode(n, reply)). For the latter, c.p.Use(s.Func, site) says
// nothing: what the goroutine does with the channel is spawnSends'.
func (c *checker) spawnsTouching(m *model.Func, site *model.Site) []*model.Spawn {
	var out []*model.Spawn
	for _, s := range m.Spawns {
		if s.Func == nil {
			continue
		}
		if c.p.Touches(s.Func, site) {
			out = append(out, s)
		} else if l := c.p.NodeEffect(m, s.Node(), site).Later; l.Sends.Max > 0 || l.Recvs.Max > 0 || l.Closes.Max > 0 || l.Drains {
			out = append(out, s)
		}
	}
	return out
}

// spawnSends returns how many times the goroutine or task s, started by
// m, sends on site, whether its function reaches the channel by capture or
// is handed it as an argument.
func (c *checker) spawnSends(m *model.Func, s *model.Spawn, site *model.Site) model.Count {
	return c.p.NodeEffect(m, s.Node(), site).Later.Sends
}

// leaveState is a path's state in the receiving function.
type leaveState struct {
	// owed is how many values the goroutines started so far may still send
	// (model.Many: any number).
	owed uint8
	// received counts the values received on the path.
	received uint8
	// drained is set once something receives every value: a range over the
	// channel that ran to its end, a goroutine started to drain it.
	drained bool
	// shared is set once another goroutine that receives from it started.
	shared bool
	// failed is set once the path has failed a test or exits the process.
	failed bool
	// left is the select case the path took instead of receiving.
	left token.Pos
	// stopped is the last node on the path that calls a function that
	// receives from the channel and may return having received fewer
	// values than it can (a loop it leaves early).
	stopped ast.Node
	// nils is what the path knows of the channel variables the receiver
	// turns off by setting them to nil (see nilGuards).
	nils nilState
	// atReturn counts the values the path's deferred calls receive as the
	// function returns.
	atReturn uint8
	// tests is what the path knows of the conditions the receiver tests
	// (see retests).
	tests known
	// gated counts the values goroutines started so far will owe once the
	// receiver closes the channel they wait on first (see gateOf).
	gated uint8
	// abandoned counts the values still owed on channels the path made
	// anew in a later round of a loop, beyond their buffers: no one will
	// receive them. abandonedLeft is the select case the path took instead
	// of receiving them.
	abandoned     uint8
	abandonedLeft token.Pos
}

// leaves searches the receiving function r for a path on which it returns
// while more values are owed than the buffer holds, and reports it.
// owed is what goroutines started before r owe already, by senders.
func (c *checker) leaves(site *model.Site, r *model.Func, owed uint8, senders ...ast.Node) {
	receiveLoops := c.receiveLoops(r, site)
	selects := c.receivingSelects(r, site)
	oks := c.p.OkVars(r)
	closedBranch := func(e paths.Edge) ast.Expr { return c.p.ClosedBranch(e, oks) }
	guards, nils := c.nilGuardsOf(r)
	drainingDefers := c.deferredDrains(r, site)
	counter := c.senderCount(r, site)
	each := c.perElementCount(r, site)
	waitAll := c.waitAllCall(r, site)
	retested := c.retestsOf(r)
	gate, gated := c.gatesOf(r, site)
	// A select case on a handed context is taken never to win (see
	// cancelOrigin). One on the context of an exported function is
	// skipped too, at first; if then no path leaks, the search is made
	// again with it, and the finding is left to the leash command to drop
	// if every call in the module hands that function its caller's own
	// context.
	var outsideParam ctxParam
	skipOutside, outsideMet, oneParam := true, false, true
	caseOrigins := make(map[*ast.CommClause]originOf) // found once per case, not per path
	skipCase := func(cc *ast.CommClause, ch ast.Expr) bool {
		r, ok := caseOrigins[cc]
		if !ok {
			r.origin, r.param = c.cancelOrigin(cc, ch)
			caseOrigins[cc] = r
		}
		o, p := r.origin, r.param
		if o == outside {
			if outsideMet && p != outsideParam {
				oneParam = false
			}
			outsideParam, outsideMet = p, true
			return skipOutside
		}
		return o == handed || o == held
	}
	walk := paths.Walk[leaveState]{
		Node: func(n ast.Node, s leaveState) (leaveState, bool) {
			if c.failsOrExits(r, n) {
				s.failed = true
				return s, false
			}
			s.nils = guards.node(n, s.nils)
			s.tests = retested.node(n, s.tests)
			if r == site.Func && within(site.Make, n) {
				// The make runs again (a loop, a goto retry): from here on
				// the path follows a new channel. When the last one's
				// buffer held what its senders still owed, nothing is
				// lost; otherwise, unless the last channel is kept where
				// something else may receive from it, its senders are
				// stranded — the select gave up and the loop went on to
				// its next round — and the path carries that on to its
				// return. A deferred receive already registered reads the
				// variable as the function returns, and takes from the new
				// channel.
				if s.owed <= bufferOf(site) {
					s = leaveState{atReturn: s.atReturn, tests: s.tests, abandoned: s.abandoned, abandonedLeft: s.abandonedLeft}
				} else if !s.drained && !s.shared && !c.p.Escapes(site) && !c.p.InField(site) {
					s = leaveState{atReturn: s.atReturn, tests: s.tests, abandoned: satAdd(s.abandoned, s.owed-bufferOf(site)), abandonedLeft: s.left}
				}
			}
			if d, ok := n.(*ast.DeferStmt); ok && drainingDefers[d.Call] {
				s.drained = true
			}
			e := c.p.NodeEffect(r, n, site)
			if e.Later.Drains {
				s.drained = true
			} else if e.Later.Recvs.Max > 0 {
				s.shared = true
			}
			if s.gated > 0 && c.p.NodeEffect(r, n, gate).Now.Closes.Max > 0 {
				s.owed, s.gated = satAdd(s.owed, s.gated), 0
			}
			if e.Later.Sends.Max > 0 && e.Later.Waits {
				owed, held := c.owedAt(r, n, site, e.Later.Sends, gated)
				s.owed, s.gated = satAdd(s.owed, owed), satAdd(s.gated, held)
			}
			recvs := e.Now.Recvs
			if d := e.AtReturn.Recvs; d.Max > 0 && recvs.Max < model.Many {
				// defer func() { <-ch }(): the value is taken as r returns,
				// whatever goroutines it starts after the defer.
				recvs = model.Count{Min: recvs.Min - d.Min, Max: recvs.Max - d.Max}
				s.atReturn = satAdd(s.atReturn, d.Min)
			}
			switch {
			case e.Now.Drains:
				s.drained = true
			case waitAll.call != nil && within(waitAll.call, n):
				s.drained = true // as many values as goroutines started
			case recvs.Min < recvs.Max:
				s.stopped = n
			}
			s = s.take(recvs.Min)
			return s, true
		},
		Edge: func(e paths.Edge, s leaveState) (leaveState, bool) {
			var ok bool
			if s.nils, ok = guards.edge(e, s.nils); !ok {
				return s, false
			}
			if s.tests, ok = retested.edge(e, s.tests); !ok {
				return s, false // the other branch of a condition the path knows
			}
			switch e.Kind {
			case paths.CaseTaken:
				if sel := selects[e.Clause]; sel != nil {
					ch, send := model.CommChan(e.Clause.Comm)
					switch {
					case ch != nil && !send && (c.signalsDone(ch, site) || c.cancelledAfterWait(ch, site) || c.announcesEnd(ch, site)):
						s.drained = true // closed, cancelled or announced once every sender is done
					case ch != nil && !send && c.sibling(ch, site):
						// The goroutines that send on the channel send on this
						// one too: taking this value may be taking theirs.
						s = s.take(1)
					case ch != nil && !send && !audit && skipCase(e.Clause, ch):
						return s, false // a context handed down: when it ends is out of sight
					case ch == nil || !c.p.Holds(ch, site):
						s.left = e.Clause.Pos()
					}
				}
			case paths.LoopBody:
				if c.ranges(r, e.Stmt, site) {
					s = s.take(1)
				}
			case paths.LoopEnd:
				if c.ranges(r, e.Stmt, site) || receiveLoops[e.Stmt] {
					s.drained = true // closed, or the loop took what it was meant to
				}
				if rs, ok := e.Stmt.(*ast.RangeStmt); ok && isChan(c.p.Info.TypeOf(rs.X)) && c.closedWith(rs.X, site) {
					s.drained = true
				}
			case paths.Then, paths.Else:
				if s.owed > 0 && c.p.NilBranch(r, e, site) {
					return s, false // a sender holds the channel: its variable is not nil
				}
				if c.lastWordBranch(r, e, site) {
					s.drained = true // the one sender's last value
				}
				if c.countedZero(e, counter) || c.allAnswered(e, each) || waitAll.none(c, e) {
					s.owed = 0 // every goroutine counted has been answered
				}
				// v, ok := <-ch; if !ok { return }: the path has seen ch
				// closed, and with it, when whoever closes ch closes this
				// channel too, the end of its senders.
				if ch := closedBranch(e); ch != nil && (c.p.Holds(ch, site) || c.closedWith(ch, site)) {
					s.drained = true
				}
			}
			return s, true
		},
	}
	// The first path found is the witness the finding follows — the first
	// on which the receiver takes a value from the channel and returns
	// with more to come, if any: that needs no select case to win, which
	// may never happen first (a case that fires only once every sender is
	// done). Every return some path leaves by is named, for the witness may
	// be one that never runs (an error a call never returns).
	var first *paths.Path[leaveState]
	exits := make(map[token.Pos]uint8)
	onError := true // every return that strands a sender gives an error
	tookOne := func(st leaveState) bool { return st.received > 0 && !st.left.IsValid() }
	search := func() {
		paths.Search(r.Graph(), leaveState{owed: owed, nils: nils}, walk, func(p *paths.Path[leaveState]) bool {
			p.State = p.State.take(p.State.atReturn) // the deferred receives run
			if st := p.State; !st.failed && st.abandoned > 0 && (st.drained || st.shared || st.owed <= bufferOf(site)) {
				// Only a channel of an earlier round is left owed: the
				// finding follows it.
				p.State = leaveState{owed: satAdd(st.abandoned, bufferOf(site)), left: st.abandonedLeft, received: st.received}
			} else if st.abandoned > 0 {
				p.State.owed = satAdd(st.owed, st.abandoned)
			}
			st := p.State
			if st.failed || st.drained || st.shared || st.owed <= bufferOf(site) {
				return false
			}
			if first == nil || tookOne(st) && !tookOne(first.State) {
				first = p
			}
			exits[p.Exit.Pos()] = max(exits[p.Exit.Pos()], st.owed)
			onError = onError && returnsError(c.p.Info, r, p.Exit)
			return false
		})
	}
	search()
	if first == nil && outsideMet {
		skipOutside = false
		search()
		if first != nil && oneParam {
			defer c.pendingOn(outsideParam)()
		}
	}
	if first != nil {
		exits[first.Exit.Pos()] = first.State.owed
		defer c.strandedBy(r, onError)()
		c.reportLeak(site, r, owed, senders, first, exits)
	}
}

// owedBy is how many values the goroutine s counts as owing the receiver
// of site. By default only the sends it is sure to make count: those on
// every path through it, or a send made in every round of a loop (a
// producer). A send made only on some paths (an error sent only when there
// is one, a value sent in one round) was, on real code, most often tied to
// a condition the receiver also waits on — a WaitGroup that lets one value
// through at a time, a server error that shutdown does not produce — and
// the check cannot see the tie. A server's goroutine owes nothing for
// the sends it makes once its server has stopped (sendsOnceServed).
// Goroutines started in a loop are the
// exception: each copy decides alone, so two of them can both send, and
// every send any of them may make counts. With -blockingsend.audit every
// send counts.
func (c *checker) owedBy(s *model.Spawn, site *model.Site) uint8 {
	if !audit && c.sendsOnceServed(s.Func, site) {
		return 0 // a server's goroutine: stranded only once its server stops
	}
	n := c.p.Use(s.Func, site).Now.Sends
	if audit || len(s.Loops) > 0 {
		return n.Max
	}
	if n.Min > 0 {
		return n.Min
	}
	if c.sendsEveryRound(s.Func, site) {
		return n.Max
	}
	for _, call := range s.Func.Calls {
		if call.Target != nil && !call.Go && c.sendsEveryRound(call.Target, site) {
			return n.Max // a producer helper, such as produce(items, ch)
		}
	}
	if n.Max > 0 && c.sendsOnEveryPath(s.Func, site) {
		// One value or the other, on channels the receiver takes either
		// from: either way one is owed.
		return 1
	}
	return 0
}

// sendsOnEveryPath reports whether every path through f sends on site or
// on a sibling of it — a channel of the same maker that only the senders
// of site send on — as a goroutine does that reports a result on one
// channel and an error on another.
func (c *checker) sendsOnEveryPath(f *model.Func, site *model.Site) bool {
	targets := []*model.Site{site}
	for _, other := range c.p.Sites() {
		if other != site && other.Func == site.Func && c.sendsOn(f, other) && c.siblingSite(other, site) {
			targets = append(targets, other)
		}
	}
	if len(targets) < 2 {
		return false // one channel: its Min said it already
	}
	walk := paths.Walk[bool]{
		Node: func(n ast.Node, sent bool) (bool, bool) {
			for _, t := range targets {
				if e := c.p.NodeEffect(f, n, t); e.Now.Sends.Min > 0 {
					sent = true
				}
			}
			return sent, true
		},
	}
	missed := false
	complete := paths.Search(f.Graph(), false, walk, func(p *paths.Path[bool]) bool {
		missed = !p.State
		return missed
	})
	return complete && !missed
}

// owedAt is what the goroutines started at node n of r owe the receiver
// of site (sends is their combined count): owedBy for each goroutine the
// node starts itself; for one a called function starts, only the sends
// it is sure to make (every send, under -blockingsend.audit). What the
// goroutines in gated owe comes apart, as held: they owe it only once r
// closes their gate.
func (c *checker) owedAt(r *model.Func, n ast.Node, site *model.Site, sends model.Count, gated map[*model.Spawn]bool) (owed, held uint8) {
	found := false
	for _, s := range r.Spawns {
		if s.Func != nil && within(s.Node(), n) && c.p.Touches(s.Func, site) {
			if gated[s] {
				held = satAdd(held, c.owedBy(s, site))
			} else {
				owed = satAdd(owed, c.owedBy(s, site))
			}
			found = true
		}
	}
	if found {
		return owed, held
	}
	if audit {
		return sends.Max, 0
	}
	return sends.Min, 0
}

// gatesOf returns the gate (see gateOf) of the goroutines r starts that
// send on site, and those goroutines: one gate a search, the first found.
func (c *checker) gatesOf(r *model.Func, site *model.Site) (*model.Site, map[*model.Spawn]bool) {
	var gate *model.Site
	gated := make(map[*model.Spawn]bool)
	for _, s := range r.Spawns {
		if s.Func == nil || !c.p.Touches(s.Func, site) {
			continue
		}
		if g := c.gateOf(s, site, r); g != nil && (gate == nil || g == gate) {
			gate, gated[s] = g, true
		}
	}
	return gate, gated
}

// sendsEveryRound reports whether f's own body sends on site, outside any
// select, in every round of one of its loops.
func (c *checker) sendsEveryRound(f *model.Func, site *model.Site) bool {
	for _, op := range f.Ops {
		if op.Kind == model.Send && op.Bare() && c.p.Holds(op.Chan, site) && everyRound(op) {
			return true
		}
	}
	return false
}

// everyRound reports whether op is made in every round of a loop of its
// function: no if, switch or select stands between it and the loop's body.
func everyRound(op *model.Op) bool {
	path := op.Path()
	for i := len(path) - 2; i >= 0; i-- {
		switch path[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.CaseClause, *ast.CommClause, *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}

// take applies n values received.
func (s leaveState) take(n uint8) leaveState {
	if n == 0 {
		return s
	}
	s.received = satAdd(s.received, n)
	if s.owed < model.Many {
		s.owed -= min(s.owed, n)
	}
	return s
}

// signalsDone reports whether every close of ch follows a Wait for the
// group that starts the goroutines sending on site: receiving from ch
// means they are all done.
func (c *checker) signalsDone(ch ast.Expr, site *model.Site) bool {
	groups := make(map[model.RefKey]bool)
	for _, s := range c.spawnsTouching(site.Func, site) {
		if s.Call.Recv != nil {
			if k, ok := model.KeyOf(c.p.Info, s.Call.Recv); ok {
				groups[k] = true
			}
		}
	}
	if len(groups) == 0 {
		return false
	}
	sites, opaque := c.p.PointsTo(ch)
	if opaque || len(sites) == 0 {
		return false
	}
	closes := 0
	for _, s := range sites {
		for _, op := range c.p.OpsOf(s) {
			switch op.Kind {
			case model.Send:
				return false
			case model.Close:
				closes++
				if !c.waitsBefore(op, groups) {
					return false
				}
			}
		}
	}
	return closes > 0
}

// waitsBefore reports whether op's function calls Wait on one of groups
// before op, or defers op (defer close(done) runs after the body's Wait).
func (c *checker) waitsBefore(op *model.Op, groups map[model.RefKey]bool) bool {
	at := op.Node.Pos()
	if op.Deferred() && op.Func.Body() != nil {
		at = op.Func.Body().End()
	}
	return c.waitedBefore(op.Func, at, groups)
}

// sibling reports whether every goroutine that sends on ch also sends on
// site: a value taken from ch may be one the goroutine sends instead of
// one on site.
func (c *checker) sibling(ch ast.Expr, site *model.Site) bool {
	sites, opaque := c.p.PointsTo(ch)
	if opaque || len(sites) == 0 {
		return false
	}
	for _, s := range sites {
		if !c.siblingSite(s, site) {
			return false
		}
	}
	return true
}

// siblingSite reports whether every send on other is made by a function
// that also sends on site, and there is one.
func (c *checker) siblingSite(other, site *model.Site) bool {
	any := false
	for _, op := range c.p.OpsOf(other) {
		if op.Kind != model.Send || op.Func == nil {
			continue
		}
		any = true
		if !c.sendsOn(op.Func, site) {
			return false
		}
	}
	return any
}

// sendsOn reports whether f's own body sends on site.
func (c *checker) sendsOn(f *model.Func, site *model.Site) bool {
	for _, op := range f.Ops {
		if op.Kind == model.Send && c.p.Holds(op.Chan, site) {
			return true
		}
	}
	return false
}

// closedWith reports whether a function that closes ch closes site too:
// once ch is seen closed, site is closed, and its senders are done.
func (c *checker) closedWith(ch ast.Expr, site *model.Site) bool {
	sites, _ := c.p.PointsTo(ch)
	for _, s := range sites {
		for _, op := range c.p.OpsOf(s) {
			if op.Kind != model.Close || op.Func == nil {
				continue
			}
			for _, other := range op.Func.Ops {
				if other.Kind == model.Close && c.p.Holds(other.Chan, site) {
					return true
				}
			}
		}
	}
	return false
}

// receiveLoops returns the loops of r whose bodies receive from site.
func (c *checker) receiveLoops(r *model.Func, site *model.Site) map[ast.Stmt]bool {
	out := make(map[ast.Stmt]bool)
	mark := func(n ast.Node) {
		ast.Inspect(r.Body(), func(x ast.Node) bool {
			switch l := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt:
				if within(n, l.Body) {
					out[l] = true
				}
			case *ast.RangeStmt:
				if within(n, l.Body) {
					out[l] = true
				}
			}
			return true
		})
	}
	for _, op := range r.Ops {
		if (op.Kind == model.Recv || op.Kind == model.Range) && c.p.Holds(op.Chan, site) {
			mark(op.Node)
		}
	}
	for _, call := range r.Calls {
		if e := c.p.NodeEffect(r, call.Expr, site).Now; e.Recvs.Max > 0 || e.Drains {
			mark(call.Expr)
		}
	}
	return out
}

// deferredDrains returns the calls r defers that receive from site in a
// loop, as a server's cleanup waits for the connections it counted:
//
//	defer func() {
//		for active > 0 {
//			<-closed
//			active--
//		}
//	}()
//
// The loop runs on every return after the defer, when every sender it
// waits for has started; like a receive loop the path ends, it is taken
// to receive what it is meant to. Found once per receiver, not on each
// visit a path makes to the defer.
func (c *checker) deferredDrains(r *model.Func, site *model.Site) map[*ast.CallExpr]bool {
	out := make(map[*ast.CallExpr]bool)
	for _, call := range r.Calls {
		if !call.Defer {
			continue
		}
		if f := c.p.FuncValue(call.Expr.Fun); f != nil && len(c.receiveLoops(f, site)) > 0 {
			out[call.Expr] = true
		}
	}
	return out
}

// receivingSelects maps the clauses of r's selects that have a case
// receiving from site to their select.
func (c *checker) receivingSelects(r *model.Func, site *model.Site) map[*ast.CommClause]*ast.SelectStmt {
	out := make(map[*ast.CommClause]*ast.SelectStmt)
	for _, op := range r.Ops {
		if op.Kind != model.Recv || !c.p.Holds(op.Chan, site) {
			continue
		}
		if _, sel := op.Case(); sel != nil {
			for _, cl := range sel.Body.List {
				out[cl.(*ast.CommClause)] = sel
			}
		}
	}
	return out
}

// ranges reports whether loop is a range over site in r.
func (c *checker) ranges(r *model.Func, loop ast.Stmt, site *model.Site) bool {
	rs, ok := loop.(*ast.RangeStmt)
	return ok && c.p.Holds(rs.X, site) && isChan(c.p.Info.TypeOf(rs.X))
}

// failsOrExits reports whether node n of f fails the test it runs in, or
// ends the process (a return from main).
func (c *checker) failsOrExits(f *model.Func, n ast.Node) bool {
	found := false
	for _, call := range f.Calls {
		if within(call.Expr, n) && model.FailsTest(c.p.Info, call.Expr) {
			found = true
		}
	}
	if ret, ok := n.(*ast.ReturnStmt); ok && ret != nil && (c.returnEndsProcess(f) || c.returnEndsCommand(f)) {
		found = true
	}
	return found
}

// returnEndsProcess reports whether a return from f ends the process: f is
// main.main, or a function or method of package main that main alone calls,
// as its last act (log.Fatal(run()), if err := run(); err != nil {...},
// or srv.run(), with nothing after it that can wait: see soonDone), or in
// a loop that ends by itself with nothing after the loop that can wait
// (see roundsEnd).
// What f's return strands then dies with the process a moment later. A
// method whose value is taken may be called from anywhere, and so is left
// out, as is one that an interface the package uses could reach (its
// receiver's type implements an interface with that method).
func (c *checker) returnEndsProcess(f *model.Func) bool {
	if c.p.Pkg.Name() != "main" || f.Decl == nil {
		return false
	}
	// Asked at every return a path reaches: found once per function.
	if ends, ok := c.endsProcess[f]; ok {
		return ends
	}
	if c.endsProcess == nil {
		c.endsProcess = make(map[*model.Func]bool)
	}
	ends := c.computeReturnEndsProcess(f)
	c.endsProcess[f] = ends
	return ends
}

// computeReturnEndsProcess works out what returnEndsProcess keeps.
func (c *checker) computeReturnEndsProcess(f *model.Func) bool {
	if c.isMain(f) {
		return true
	}
	if f.Value || len(f.Callers) != 1 || f.Decl.Recv != nil && c.reachableByInterface(f) {
		return false
	}
	call := f.Callers[0]
	m := call.In
	if call.Go || call.Defer || !c.roundsEnd(call.Loops) || m == nil || !c.isMain(m) {
		return false
	}
	return c.soonDone(m, call.Expr)
}

// reachableByInterface reports whether the method f could be called
// through an interface the package uses: the type of some expression or
// declaration of the package is an interface with a method of f's name
// that f's receiver type implements.
func (c *checker) reachableByInterface(f *model.Func) bool {
	if c.ifaces == nil {
		c.ifaces = make(map[*types.Interface]bool)
		add := func(t types.Type) {
			if t == nil {
				return
			}
			if it, ok := t.Underlying().(*types.Interface); ok && it.NumMethods() > 0 {
				c.ifaces[it] = true
			}
		}
		for _, tv := range c.p.Info.Types {
			add(tv.Type)
		}
		for _, obj := range c.p.Info.Defs {
			if obj != nil {
				add(obj.Type())
			}
		}
	}
	recv := f.Sig.Recv().Type()
	ptr := recv
	if _, ok := recv.Underlying().(*types.Pointer); !ok {
		ptr = types.NewPointer(recv)
	}
	name := f.Decl.Name.Name
	for it := range c.ifaces {
		if m, _, _ := types.LookupFieldOrMethod(it, false, c.p.Pkg, name); m == nil {
			continue
		}
		if types.Implements(recv, it) || types.Implements(ptr, it) {
			return true
		}
	}
	return false
}

// reportLeak reports the sends a leaving path strands. exits are the
// returns by which the receiver leaves so, on p or another path, with the
// values still owed there.
func (c *checker) reportLeak(site *model.Site, r *model.Func, before uint8, senders []ast.Node, p *paths.Path[leaveState], exits map[token.Pos]uint8) {
	fset := c.p.Fset
	name := siteName(c.p, site)
	var related []analysis.RelatedInformation
	starts := senders
	for _, s := range senders {
		related = append(related, analysis.RelatedInformation{Pos: s.Pos(), Message: "the goroutine started here sends on " + name})
	}
	looped := before >= model.Many
	// A goroutine started each round of a loop: what a return leaves owed
	// grows with the rounds, so no count the path gives is the count.
	perRound := false
	rounds := make(map[ast.Node]int) // how often the path starts goroutines at a node
	for _, st := range p.Steps {
		// A goroutine gated on a close (see gateOf) is counted where it
		// starts, not where the close lets it send.
		after, before := satAdd(st.After.owed, st.After.gated), satAdd(st.Before.owed, st.Before.gated)
		if st.Node != nil && (after > before || after == model.Many && before < model.Many) {
			rounds[st.Node]++
		}
	}
	for _, st := range p.Steps {
		if st.Node == nil {
			continue
		}
		switch {
		case rounds[st.Node] > 0:
			for _, call := range r.Calls {
				if within(call.Expr, st.Node) && len(site.RepeatsPerChannel(r, call.Loops)) > 0 {
					looped = true
				}
			}
			starts = append(starts, st.Node)
			msg := "a goroutine started here sends on " + name
			if rounds[st.Node] > 1 || looped {
				msg = "a goroutine started here, one each round of the loop, sends on " + name
				perRound = true
			}
			related = append(related, analysis.RelatedInformation{Pos: st.Node.Pos(), Message: msg})
			rounds[st.Node] = 0
		case st.After.received > st.Before.received:
			related = append(related, analysis.RelatedInformation{Pos: st.Node.Pos(), Message: "receives from " + name + " here"})
		}
	}
	exit := p.Exit.Pos()
	var stoppedIn *ast.CallExpr // the helper's call where receiving stops
	if p.State.stopped != nil {
		stoppedIn = c.receivingCall(r, p.State.stopped, site)
	}
	// The buffer that holds every send: the most the senders send, as
	// counted at the channel's maker, and at least what this path leaves
	// owed. Advice to buffer no more than the channel already holds would
	// contradict the finding: then only the general advice is given.
	need := max(c.mostOwed(site), p.State.owed)
	var why string
	switch {
	case p.State.left.IsValid():
		sel := c.selectOf(r, p.State.left)
		cc := clauseAt(sel, p.State.left)
		why = fmt.Sprintf("the receiver stops waiting when %s wins the select at line %d", caseText(cc), fset.Position(sel.Pos()).Line)
		related = append(related, analysis.RelatedInformation{Pos: p.State.left, Message: "the receiver gives up here"})
	case stoppedIn != nil:
		why = fmt.Sprintf("%s (line %d) can stop receiving before the senders are done", types.ExprString(stoppedIn.Fun), fset.Position(stoppedIn.Pos()).Line)
		related = append(related, analysis.RelatedInformation{Pos: stoppedIn.Pos(), Message: "can stop receiving from " + name + " here"})
	case p.State.received == 0:
		why = fmt.Sprintf("the receiver can return at line %d before receiving", fset.Position(exit).Line)
	case c.insideRange(r, site, exit) != nil:
		why = fmt.Sprintf("the receiver can stop ranging over it (line %d) before the senders are done", fset.Position(c.insideRange(r, site, exit).Pos()).Line)
	case looped && need >= model.Many && c.insideLoop(r, exit) == nil:
		why = "values are sent in a loop but received a fixed number of times"
	default:
		why = fmt.Sprintf("the receiver returns at line %d with values still to come", fset.Position(exit).Line)
	}
	last := len(related) - 1 // the path's last step: a receive at its return, perhaps
	for _, at := range shownExits(exits, exit) {
		owed := exits[at.pos]
		if perRound {
			owed = model.Many
		}
		msg := owedText(owed, site.Cap) + at.more
		if at.pos == exit && last >= 0 && related[last].Pos == exit && strings.HasPrefix(related[last].Message, "receives") {
			related[last].Message += " and returns, " + msg
		} else {
			related = append(related, analysis.RelatedInformation{Pos: at.pos, Message: "returns here, " + msg})
		}
	}
	advice := "buffer it for every send, or send in a select with ctx.Done()"
	if need >= model.Many || int(need) <= site.Cap {
		need = model.Many
	}
	if need < model.Many {
		advice = fmt.Sprintf("make it buffered (%s) so every send completes", makeText(c.p, site, need))
	}
	msg := fmt.Sprintf("send on %s can block forever%s: %s; %s", name, goroutinesText(len(starts), looped), why, advice)
	sites := c.sendSites(r, site, starts)
	if len(starts) == 1 && !looped && site.Cap > 0 {
		sites = c.pastBuffer(site, starts[0], sites)
	}
	if len(sites) == 0 {
		return
	}
	closer := c.closedOnReturn(r, site)
	if closer != nil && closer.Pos() > p.Exit.Pos() {
		closer = nil // the witness returns before the close is deferred
	}
	if closer != nil {
		// The receiver closes the channel as it returns: a sender left
		// behind does not block, it panics — unless it recovers, on
		// purpose. Buffering alone would not help.
		if c.sendersRecover(site, sites) {
			return
		}
		related = append(related, analysis.RelatedInformation{Pos: closer.Pos(), Message: "closes " + name + " as the receiver returns"})
		msg = fmt.Sprintf("send on %s can panic%s: %s, and the receiver closes %s as it returns (line %d), so a send still to come is on a closed channel; leave the close to the senders, and buffer it for every send",
			name, goroutinesText(len(starts), looped), why, name, fset.Position(closer.Pos()).Line)
	}
	// One leak, one finding: at the first send, with every goroutine that
	// sends named in the related positions.
	at := sites[0]
	d := analysis.Diagnostic{Pos: at.Pos(), Message: msg, Related: related}
	if need < model.Many && site.Cap == 0 && len(site.Make.Args) == 1 && closer == nil {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Buffer %s for every send", name),
			TextEdits: []analysis.TextEdit{{Pos: site.Make.Rparen, End: site.Make.Rparen, NewText: fmt.Appendf(nil, ", %d", need)}},
		}}
	}
	c.reportOnce(sites, d)
}

// closedOnReturn returns the deferred close of site in r, when r has one:
// r closes the channel on every return after it.
func (c *checker) closedOnReturn(r *model.Func, site *model.Site) ast.Node {
	for _, op := range r.Ops {
		if op.Kind == model.Close && op.Deferred() && c.p.Holds(op.Chan, site) {
			return op.Node
		}
	}
	return nil
}

// sendersRecover reports whether every send of sends is made by a
// function that defers a recover in sight: a function literal, or a
// function of the package, that calls recover itself. A send made in a
// function it was handed the channel to (sends names the call) is not in
// sight, and does not count as recovering.
func (c *checker) sendersRecover(site *model.Site, sends []ast.Node) bool {
	for _, n := range sends {
		recovers := false
		for _, op := range c.p.OpsOf(site) {
			if op.Kind == model.Send && op.Node == n {
				recovers = op.Func != nil && c.defersRecover(op.Func)
			}
		}
		if !recovers {
			return false
		}
	}
	return len(sends) > 0
}

// defersRecover reports whether f defers a call that recovers.
func (c *checker) defersRecover(f *model.Func) bool {
	for _, call := range f.Calls {
		if !call.Defer {
			continue
		}
		if g := c.p.FuncValue(call.Expr.Fun); g != nil && g.Body() != nil && callsRecover(c.p.Info, g.Body()) {
			return true
		}
	}
	return false
}

// callsRecover reports whether body calls the builtin recover outside
// the function literals it holds.
func callsRecover(info *types.Info, body ast.Node) bool {
	found := false
	inspectOwn(body, func(n ast.Node) {
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "recover" {
					found = true
				}
			}
		}
	})
	return found
}

// maxExits is how many returns a finding names.
const maxExits = 4

// shownExit is a return a finding names, and what it adds when it stands
// for the returns left unnamed.
type shownExit struct {
	pos  token.Pos
	more string
}

// shownExits returns the returns of exits a finding names, in source
// order: at most maxExits, always including the witness's own (witness),
// the last saying how many more there are.
func shownExits(exits map[token.Pos]uint8, witness token.Pos) []shownExit {
	var all []token.Pos
	for pos := range exits {
		all = append(all, pos)
	}
	slices.Sort(all)
	shown := all[:min(len(all), maxExits)]
	if !slices.Contains(shown, witness) {
		shown = append(shown[:maxExits-1:maxExits-1], witness)
	}
	out := make([]shownExit, len(shown))
	for i, pos := range shown {
		out[i].pos = pos
	}
	if n := len(all) - len(shown); n > 0 {
		out[len(out)-1].more = fmt.Sprintf(" (and %d more returns like it)", n)
	}
	return out
}

// goroutinesText says, for a finding's message, how many goroutines the
// leak concerns, when it is more than the one the finding is at.
func goroutinesText(starts int, looped bool) string {
	switch {
	case starts < 2:
		return ""
	case looped:
		return fmt.Sprintf(" in the goroutines started at %d places", starts)
	default:
		return fmt.Sprintf(" in %d goroutines", starts)
	}
}

// owedText says how many values remain beyond the buffer.
func owedText(owed uint8, capacity int) string {
	switch n := int(owed) - capacity; {
	case owed >= model.Many:
		return "with values still to come that no one will receive"
	case n == 1:
		return "with one value still to come that no one will receive"
	default:
		return fmt.Sprintf("with %d values still to come that no one will receive", n)
	}
}

// mostOwed returns the most values the senders of site send in all, or
// model.Many when that is not a constant.
func (c *checker) mostOwed(site *model.Site) uint8 {
	var n uint8
	for _, s := range site.Func.Spawns {
		// What the started goroutine sends, whether it reaches the channel
		// by capture or as an argument (go work(x, done)).
		sends := c.p.NodeEffect(site.Func, s.Node(), site).Later.Sends.Max
		n = satAdd(n, c.times(sends, s.Loops))
	}
	for _, call := range site.Func.Calls {
		if !call.Go && call.Known.Task < 0 {
			n = satAdd(n, c.p.NodeEffect(site.Func, call.Expr, site).Later.Sends.Max)
		}
	}
	return n
}

// sendSites returns where to report: the sends, outside any select, of
// the goroutines started at starts, or the start itself when the send is
// in a function it calls.
func (c *checker) sendSites(r *model.Func, site *model.Site, starts []ast.Node) []ast.Node {
	var out []ast.Node
	for _, start := range starts {
		found := false
		for _, s := range site.Func.Spawns {
			if s.Func == nil || !within(s.Node(), start) || !c.p.Touches(s.Func, site) {
				continue
			}
			for _, op := range s.Func.Ops {
				if op.Kind == model.Send && op.Bare() && c.p.Holds(op.Chan, site) && op.Func == s.Func {
					out = append(out, op.Node)
					found = true
				}
			}
			for _, call := range s.Func.Calls {
				if e := c.p.NodeEffect(s.Func, call.Expr, site); e.Now.Sends.Max > 0 || e.Later.Sends.Max > 0 {
					out = append(out, call.Expr)
					found = true
				}
			}
		}
		if !found {
			out = append(out, start)
		}
	}
	return out
}

// pastBuffer keeps, of the sends of the one goroutine started at start,
// those that can come after the buffer of site is full: the first
// site.Cap sends of a path fit in it.
func (c *checker) pastBuffer(site *model.Site, start ast.Node, sends []ast.Node) []ast.Node {
	var f *model.Func
	for _, s := range site.Func.Spawns {
		if s.Func != nil && within(s.Node(), start) {
			f = s.Func
		}
	}
	if f == nil {
		return sends
	}
	before := make(map[ast.Node]uint8)
	walk := paths.Walk[uint8]{
		Node: func(n ast.Node, sent uint8) (uint8, bool) {
			e := c.p.NodeEffect(f, n, site)
			here := satAdd(e.Now.Sends.Max, e.Later.Sends.Max)
			for _, at := range sends {
				if within(at, n) && here > 0 {
					// The last value the node sends follows all the others.
					before[at] = max(before[at], satAdd(sent, here-1))
				}
			}
			return satAdd(sent, here), true
		},
	}
	if !paths.Search(f.Graph(), 0, walk, func(*paths.Path[uint8]) bool { return false }) {
		return sends
	}
	var out []ast.Node
	for _, at := range sends {
		if before[at] >= bufferOf(site) {
			out = append(out, at)
		}
	}
	return out
}

// insideRange returns the range over site in r whose body holds pos, or
// nil.
func (c *checker) insideRange(r *model.Func, site *model.Site, pos token.Pos) *ast.RangeStmt {
	for _, op := range r.Ops {
		if op.Kind == model.Range && c.p.Holds(op.Chan, site) {
			if rs := op.Node.(*ast.RangeStmt); rs.Body.Pos() <= pos && pos < rs.Body.End() {
				return rs
			}
		}
	}
	return nil
}

// insideLoop returns the innermost loop of r whose body holds pos, or nil.
func (c *checker) insideLoop(r *model.Func, pos token.Pos) ast.Stmt {
	var found ast.Stmt
	ast.Inspect(r.Body(), func(x ast.Node) bool {
		switch l := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			if l.Body.Pos() <= pos && pos < l.Body.End() {
				found = l
			}
		case *ast.RangeStmt:
			if l.Body.Pos() <= pos && pos < l.Body.End() {
				found = l
			}
		}
		return true
	})
	return found
}

// selectOf returns the select of r whose clause starts at pos.
func (c *checker) selectOf(r *model.Func, pos token.Pos) *ast.SelectStmt {
	var found *ast.SelectStmt
	ast.Inspect(r.Body(), func(x ast.Node) bool {
		if sel, ok := x.(*ast.SelectStmt); ok && clauseAt(sel, pos) != nil {
			found = sel
		}
		return found == nil
	})
	return found
}

func clauseAt(sel *ast.SelectStmt, pos token.Pos) *ast.CommClause {
	if sel == nil {
		return nil
	}
	for _, s := range sel.Body.List {
		if s.Pos() == pos {
			return s.(*ast.CommClause)
		}
	}
	return nil
}

// siteName names a channel for a message: the variable its make is
// assigned to, or the make itself.
func siteName(p *model.Program, site *model.Site) string {
	if site.Param != nil {
		return site.Param.Name()
	}
	for _, v := range p.Holders(site) {
		if v.Pos() >= site.Func.Node().Pos() && v.Pos() < site.Func.Node().End() && !v.IsField() {
			return v.Name()
		}
	}
	return types.ExprString(site.Make)
}

// makeText renders the make call that buffers site for n values.
func makeText(p *model.Program, site *model.Site, n uint8) string {
	qualifier := func(pkg *types.Package) string {
		if pkg == p.Pkg {
			return ""
		}
		return pkg.Name()
	}
	return fmt.Sprintf("make(%s, %d)", types.TypeString(p.Info.TypeOf(site.Make), qualifier), n)
}

// within reports whether x lies in n.
func within(x, n ast.Node) bool { return n.Pos() <= x.Pos() && x.End() <= n.End() }

// satAdd adds counts, saturating at model.Many.
func satAdd(a, b uint8) uint8 { return uint8(min(int(a)+int(b), model.Many)) }

// times scales a per-goroutine count by the loops a goroutine is started
// in: by their trip counts where each is a constant (range []string{"a",
// "b"}, for i := 0; i < 3; i++), else any number of times.
func (c *checker) times(n uint8, loops []ast.Stmt) uint8 {
	for _, l := range loops {
		if n == 0 {
			return 0
		}
		trips := paths.TripCount(c.p.Info, l)
		if trips == 0 {
			return model.Many
		}
		n = uint8(min(int(n)*trips, model.Many))
	}
	return n
}

// receivingCall returns the innermost call, within n, of a function that
// receives from site's channel (collect(ch), not the append around it), or
// nil.
func (c *checker) receivingCall(r *model.Func, n ast.Node, site *model.Site) *ast.CallExpr {
	var found *ast.CallExpr
	for _, call := range r.Calls {
		if within(call.Expr, n) && !call.Go && (found == nil || within(call.Expr, found)) && c.p.NodeEffect(r, call.Expr, site).Now.Recvs.Max > 0 {
			found = call.Expr
		}
	}
	return found
}

// bufferOf is how many values site's buffer holds, as a path counts them:
// any number (math.MaxUint8) for a buffer of 255 or more, or of a size
// that is not a constant. A plain uint8 conversion would wrap: a buffer of
// 256 would hold nothing.
func bufferOf(site *model.Site) uint8 {
	if site.Cap < 0 || site.Cap > math.MaxUint8 {
		return math.MaxUint8
	}
	return uint8(site.Cap)
}
