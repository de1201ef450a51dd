package blockingsend

import (
	"fmt"
	"go/ast"

	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
	"golang.org/x/tools/go/analysis"
)

// skippedSends reports a receive that waits forever because the one
// goroutine meant to answer it can return without doing so: the channel
// is made by one function and only one goroutine it starts sends on it or
// closes it, and that goroutine has a path to its return that neither
// sends nor closes — an early return on an error, typically:
//
//	ch := make(chan result)
//	go func() {
//		r, err := fetch()
//		if err != nil {
//			return // nothing is sent: the receive below waits forever
//		}
//		ch <- r
//	}()
//	r := <-ch
//
// A range over the channel waits for its close the same way: a pipeline
// stage that closes its output at the end but returns early on an error
// leaves its consumer ranging forever (and the group's Wait with it).
// The finding names the goroutine's return. Paths that fail a test first
// are left alone, and so are paths a nil-channel guard rules out (see
// nilGuards): a loop that leaves once the channel it received from is set
// to nil, right after the close.
func (c *checker) skippedSends() {
	for _, site := range c.p.Sites() {
		if !c.localChannel(site) {
			continue
		}
		m := site.Func
		if u := c.p.Use(m, site); u.Now.Sends.Max > 0 || u.Now.Closes.Max > 0 {
			continue // the maker answers too
		}
		var provider *model.Spawn
		providers := 0
		for _, s := range c.spawnsTouching(m, site) {
			if e := c.p.Use(s.Func, site); e.Now.Sends.Max > 0 || e.Now.Closes.Max > 0 || e.Later.Sends.Max > 0 || e.Later.Closes.Max > 0 {
				provider = s
				providers++
			}
		}
		// Senders started through helpers, or more than one, or one started
		// in a loop: not this rule's shape.
		if providers != 1 || len(provider.Loops) > 0 || c.laterProviders(m, site) {
			continue
		}
		waits := c.waits(site, provider)
		if waits == nil {
			continue
		}
		if c.guardedByShared(site, waits, provider) {
			continue // the tie between that state and the channel is out of sight
		}
		e := c.p.Use(provider.Func, site)
		needClose := waits.Kind == model.Range
		if e.Now.Closes.Min > 0 || (!needClose && e.Now.Sends.Min > 0) {
			continue
		}
		if path := c.skipPath(provider.Func, site, waits, needClose); path != nil {
			c.reportSkipped(site, waits, provider, path, needClose)
		}
	}
}

// laterProviders reports whether m hands site to a helper that starts a
// goroutine sending on it or closing it.
func (c *checker) laterProviders(m *model.Func, site *model.Site) bool {
	for _, call := range m.Calls {
		if call.Go || call.Known.Task >= 0 {
			continue
		}
		if e := c.p.NodeEffect(m, call.Expr, site).Later; e.Sends.Max > 0 || e.Closes.Max > 0 {
			return true
		}
	}
	return false
}

// waits returns the one operation that waits for the provider: the range
// over site, or the first receive outside any select and any loop, when
// every receive from site is in one function other than the provider's.
func (c *checker) waits(site *model.Site, provider *model.Spawn) *model.Op {
	var first *model.Op
	var in *model.Func
	for _, op := range c.p.OpsOf(site) {
		if op.Kind != model.Recv && op.Kind != model.Range {
			continue
		}
		if provider.Func.Encloses(op.Func) {
			return nil // the provider receives too
		}
		if in != nil && op.Func != in {
			return nil // receivers in several functions
		}
		in = op.Func
		if op.Kind == model.Range && c.endless(op) {
			if first == nil || first.Kind != model.Range {
				first = op
			}
			continue
		}
		if op.Kind == model.Recv && op.Bare() && op.Loop() == nil && first == nil {
			first = op
		}
	}
	if first != nil && first.Kind == model.Recv && first.Node.Pos() < provider.Node().Pos() && first.Func == provider.Enclosing {
		return nil // received before the provider starts: some other protocol
	}
	return first
}

// endless reports whether a range over a channel ends only when the
// channel is closed: its body has no way out.
func (c *checker) endless(op *model.Op) bool {
	rs := op.Node.(*ast.RangeStmt)
	return !c.p.Leaves(rs.Body.List, true)
}

// skipState is a path's state in the provider.
type skipState struct {
	sends, closes uint8
	failed        bool
	nils          nilState
}

// skipPath returns a path through the provider's function that returns
// without sending on site (when the waiter only receives) and without
// closing it, or nil. A path through a receive that completes only after
// wait has (see answeredFirst) leaves nothing unanswered.
func (c *checker) skipPath(f *model.Func, site *model.Site, wait *model.Op, needClose bool) *paths.Path[skipState] {
	var found *paths.Path[skipState]
	guards, nils := c.nilGuardsOf(f)
	gates := c.answeredFirst(f, wait)
	walk := paths.Walk[skipState]{
		Node: func(n ast.Node, s skipState) (skipState, bool) {
			for g := range gates {
				if g.Pos() >= n.Pos() && g.End() <= n.End() {
					return s, false
				}
			}
			if c.failsOrExits(f, n) {
				s.failed = true
				return s, false
			}
			e := c.p.NodeEffect(f, n, site)
			s.sends = satAdd(s.sends, satAdd(e.Now.Sends.Max, e.Later.Sends.Max))
			s.closes = satAdd(s.closes, satAdd(e.Now.Closes.Max, e.Later.Closes.Max))
			s.nils = guards.node(n, s.nils)
			return s, true
		},
		Edge: func(e paths.Edge, s skipState) (skipState, bool) {
			var ok bool
			s.nils, ok = guards.edge(e, s.nils)
			return s, ok
		},
	}
	complete := paths.Search(f.Graph(), skipState{nils: nils}, walk, func(p *paths.Path[skipState]) bool {
		if p.State.failed || p.State.closes > 0 || (!needClose && p.State.sends > 0) {
			return false
		}
		found = p
		return true
	})
	if !complete {
		return nil
	}
	return found
}

// reportSkipped reports a wait the provider can leave unanswered.
func (c *checker) reportSkipped(site *model.Site, wait *model.Op, provider *model.Spawn, p *paths.Path[skipState], needClose bool) {
	fset := c.p.Fset
	name := siteName(c.p, site)
	start := fset.Position(provider.Node().Pos()).Line
	ret := fset.Position(p.Exit.Pos()).Line
	related := []analysis.RelatedInformation{
		{Pos: provider.Node().Pos(), Message: "the goroutine that was to answer starts here"},
		{Pos: p.Exit.Pos(), Message: "it returns here without " + map[bool]string{true: "closing " + name, false: "sending on " + name + " or closing it"}[needClose]},
	}
	for _, op := range provider.Func.Ops {
		if (op.Kind == model.Close || op.Kind == model.Send && !needClose) && c.p.Holds(op.Chan, site) {
			related = append(related, analysis.RelatedInformation{Pos: op.Node.Pos(), Message: "the other paths " + op.Kind.String() + " here"})
			break
		}
	}
	var msg string
	if needClose {
		msg = fmt.Sprintf("range over %s never ends when the goroutine started at line %d returns at line %d without closing it; close it on every path (defer close(%s))",
			name, start, ret, name)
	} else {
		msg = fmt.Sprintf("receive from %s blocks forever when the goroutine started at line %d returns at line %d without sending on it or closing it; send (an error, say) on every path, or close it",
			name, start, ret)
	}
	c.report(wait.Node, analysis.Diagnostic{Pos: wait.Node.Pos(), Message: msg, Related: related})
}
