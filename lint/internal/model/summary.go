package model

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/paths"
	"golang.org/x/tools/go/analysis"
)

// Many is a count that a loop makes unbounded: "Many or more".
const Many = 8

// Count is how many times something happens on the paths through some
// code: at least Min, at most Max (Many: any number).
type Count struct{ Min, Max uint8 }

func (c Count) String() string {
	hi := fmt.Sprint(c.Max)
	if c.Max >= Many {
		hi = "many"
	}
	if c.Min == c.Max {
		return hi
	}
	return fmt.Sprintf("%d..%s", c.Min, hi)
}

// plus adds two counts, saturating at Many.
func (c Count) plus(d Count) Count {
	return Count{sat(int(c.Min) + int(d.Min)), sat(int(c.Max) + int(d.Max))}
}

func sat(n int) uint8 { return uint8(min(n, Many)) }

// Effect is what running some code does with one channel.
type Effect struct {
	Sends, Recvs, Closes Count
	// Drains is set when it ranges over the channel until it is closed.
	Drains bool
	// Waits is set when a send or receive waits with no other way out: it
	// is not a case of a select.
	Waits bool
}

func (e Effect) plus(f Effect) Effect {
	return Effect{e.Sends.plus(f.Sends), e.Recvs.plus(f.Recvs), e.Closes.plus(f.Closes), e.Drains || f.Drains, e.Waits || f.Waits}
}

// Plus returns what e and f do together.
func (e Effect) Plus(f Effect) Effect { return e.plus(f) }

// any reports whether the effect does anything.
func (e Effect) any() bool { return e.Sends.Max > 0 || e.Recvs.Max > 0 || e.Closes.Max > 0 || e.Drains }

func (e Effect) String() string {
	var parts []string
	if e.Sends.Max > 0 {
		parts = append(parts, "sends "+e.Sends.String())
	}
	if e.Recvs.Max > 0 {
		parts = append(parts, "receives "+e.Recvs.String())
	}
	if e.Drains {
		parts = append(parts, "drains")
	}
	if e.Closes.Max > 0 {
		parts = append(parts, "closes "+e.Closes.String())
	}
	if e.Waits {
		parts = append(parts, "waits")
	}
	return strings.Join(parts, ", ")
}

// Use is what calling a function does with one channel: before it returns,
// and in the goroutines it starts.
type Use struct {
	Now   Effect
	Later Effect
	// AtReturn is the part of Now that a node's defer statements leave for
	// the function's return (set by NodeEffect only): a deferred receive
	// takes its value as the function returns, after what the function
	// does between the defer and the return.
	AtReturn Effect
	// Escapes is set when the channel is handed to code out of sight:
	// stored where other code reaches it, passed to a function without a
	// summary, used by a closure that others call.
	Escapes bool
}

func (u Use) String() string {
	s := u.Now.String()
	if u.Later.any() {
		s += "; in goroutines it starts: " + u.Later.String()
	}
	if u.Escapes {
		s += "; escapes"
	}
	return s
}

// Summary is the fact a function exports: what one call does with each of
// its channel parameters, and which of its context parameters' cancellation
// it watches.
type Summary struct {
	Params []ParamUse
	// WatchedContexts are the indices of the context.Context parameters
	// whose cancellation the function is shown to watch (see
	// Program.Watches): cancelling them stops or fails what it does.
	WatchedContexts []int
	// NilError is set when every return of the function gives a nil error
	// as its last result: a caller's err != nil never holds.
	NilError bool
}

// ParamUse is a Summary's entry for one channel parameter.
type ParamUse struct {
	Index int // in the signature's parameters; -1 for the receiver
	Use
}

// AFact marks Summary as a go/analysis fact.
func (*Summary) AFact() {}

func (s *Summary) String() string {
	var parts []string
	for _, p := range s.Params {
		parts = append(parts, fmt.Sprintf("param %d: %s", p.Index, p.Use))
	}
	for _, i := range s.WatchedContexts {
		parts = append(parts, fmt.Sprintf("param %d: watched", i))
	}
	return "summary(" + strings.Join(parts, "; ") + ")"
}

// param returns the use of parameter i, if summarised.
func (s *Summary) param(i int) (Use, bool) {
	for _, p := range s.Params {
		if p.Index == i {
			return p.Use, true
		}
	}
	return Use{}, false
}

// summaries memoises uses per function and site.
type summaries struct {
	watches memo[*types.Var, bool] // contexts whose cancellation is watched
	touches memo[useKey, bool]
	uses    memo[useKey, Use]
	escapes memo[escKey, bool]
	// neverNil holds the local channel variables nothing sets to nil
	// (see onlyEverHolds).
	neverNil memo[*types.Var, bool]
}

// memo caches a computation by key. A key asked for again while its value
// is being computed (recursive functions) gets the value given for cycles.
type memo[K comparable, V any] struct {
	done    map[K]V
	running map[K]bool
}

func (m *memo[K, V]) get(k K, cycle V, compute func() V) V {
	if v, ok := m.done[k]; ok {
		return v
	}
	if m.running[k] {
		return cycle
	}
	if m.done == nil {
		m.done = make(map[K]V)
		m.running = make(map[K]bool)
	}
	m.running[k] = true
	v := compute()
	delete(m.running, k)
	m.done[k] = v
	return v
}

type escKey struct {
	site   *Site
	sender bool
}

type useKey struct {
	f    *Func
	site *Site
}

// importSummaries reads the summaries of the functions of other packages
// the package calls with a channel or a context.
func (p *Program) importSummaries(pass *analysis.Pass) {
	p.imported = make(map[*types.Func]*Summary)
	get := func(c *Call) {
		if c.Target != nil || c.Callee == nil {
			return
		}
		fn := c.Callee.Origin()
		if _, done := p.imported[fn]; done || fn.Pkg() == p.Pkg {
			return
		}
		s := new(Summary)
		if pass.ImportObjectFact(fn, s) {
			p.imported[fn] = s
		} else {
			p.imported[fn] = nil
		}
	}
	for _, op := range p.Ops {
		if op.Kind == Pass {
			get(op.Call)
		}
	}
	for _, f := range p.Funcs {
		for _, c := range f.Calls {
			for _, a := range c.Expr.Args {
				if isContext(p.Info.TypeOf(a)) {
					get(c)
					break
				}
			}
		}
	}
}

// exportSummaries exports the Summary of each function other packages can
// call that takes a channel, or a context whose cancellation it watches,
// or that never gives a non-nil error.
func (p *Program) exportSummaries(pass *analysis.Pass) {
	for _, f := range p.Funcs {
		if f.Obj == nil || !f.Obj.Exported() {
			continue
		}
		var s Summary
		for i, v := range f.Params() {
			site := p.ParamSite(v)
			if site == nil {
				continue
			}
			index := i
			if f.Sig.Recv() != nil {
				index-- // the receiver is -1
			}
			s.Params = append(s.Params, ParamUse{Index: index, Use: p.use(f, site)})
		}
		for i := range f.Sig.Params().Len() {
			if v := f.Sig.Params().At(i); isContext(v.Type()) && p.WatchesParam(f, v) {
				s.WatchedContexts = append(s.WatchedContexts, i)
			}
		}
		s.NilError = f.Decl != nil && f.Decl.Body != nil && returnsNilError(p.Info, f.Sig, f.Decl.Body)
		if len(s.Params) > 0 || len(s.WatchedContexts) > 0 || s.NilError {
			pass.ExportObjectFact(f.Obj, &s)
		}
	}
}

// ParamUse returns what a call of callee does with its i-th parameter
// (-1: the receiver), from the package's own analysis or the callee's
// Summary fact; ok is false when neither knows.
func (p *Program) ParamUse(c *Call, i int) (Use, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paramUse(c, i)
}

func (p *Program) paramUse(c *Call, i int) (Use, bool) {
	if t := c.Target; t != nil && c.Static || t != nil && c.Callee == nil {
		if site := p.ParamSite(paramOf(t.Sig, i)); site != nil {
			return p.use(t, site), true
		}
		return Use{}, false
	}
	if c.Callee == nil {
		return Use{}, false
	}
	if s := p.imported[c.Callee.Origin()]; s != nil {
		return s.param(i)
	}
	return Use{}, false
}

// paramOf returns the parameter of sig that the i-th argument of a call
// binds (-1: the receiver); nil for a variadic parameter, which holds a
// slice of what is passed.
func paramOf(sig *types.Signature, i int) *types.Var {
	switch {
	case i < 0:
		return sig.Recv()
	case i < sig.Params().Len() && !(sig.Variadic() && i == sig.Params().Len()-1):
		return sig.Params().At(i)
	}
	return nil
}

// Escapes reports whether code out of sight may use site: it may be stored
// where other packages reach it, put in a slice, map, interface or another
// channel, handed to a function without a summary (or whose summary says
// it escapes), or used by a function literal that is handed on to be
// called by others.
func (p *Program) Escapes(site *Site) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.escapesMemo(site, false)
}

// SendersOutside reports whether code out of sight may send on site or
// close it: as Escapes, but a receive-only channel others get (a Done()
// <-chan struct{} accessor) lets them only receive.
func (p *Program) SendersOutside(site *Site) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.escapesMemo(site, true)
}

func (p *Program) escapesMemo(site *Site, sender bool) bool {
	// A cycle through recursive calls is decided above: false.
	return p.sums.escapes.get(escKey{site, sender}, false, func() bool { return p.escapes(site, sender) })
}

func (p *Program) escapes(site *Site, sender bool) bool {
	if p.public(site, sender) {
		return true
	}
	for _, op := range p.OpsOf(site) {
		switch {
		case op.Kind == Escape:
			return true
		case op.Kind == Pass:
			u, ok := p.paramUse(op.Call, op.Arg)
			if !ok || u.Escapes {
				return true
			}
		}
		if op.Func == nil {
			continue
		}
		// A closure others call, when and as often as they like, between the
		// function that has the channel and the operation.
		for f := op.Func; f != nil && f != site.Func && f.Lit != nil; f = f.Parent {
			if f.Value {
				return true
			}
		}
	}
	return false
}

// Use returns what running f does with site. Operations on f's parameters
// count only for the parameters' own sites: at a call, what the callee does
// with its parameters is applied to what the caller passes.
func (p *Program) Use(f *Func, site *Site) Use {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.use(f, site)
}

func (p *Program) use(f *Func, site *Site) Use {
	// Recursion: give up on exactness.
	return p.sums.uses.get(useKey{f, site}, Use{Escapes: true}, func() Use { return p.computeUse(f, site) })
}

// useState is the state of a path in computeUse: intervals of counts for
// what happens now, later (in goroutines started) and at return (deferred
// calls).
type useState struct {
	now, later, deferred Effect
	escapes              bool
}

func (p *Program) computeUse(f *Func, site *Site) Use {
	if !p.touchesMemo(f, site) {
		return Use{Escapes: site.Func == f && site.Param != nil && (p.escapesMemo(site, false) || p.InField(site))}
	}
	var u Use
	first := true
	var most, mostLater Effect
	oks := p.OkVars(f)
	walk := paths.Walk[useState]{
		Node: func(n ast.Node, s useState) (useState, bool) {
			s = p.applyNode(f, n, site, s)
			most = widest(most, s.now)
			mostLater = widest(mostLater, s.later)
			u.Escapes = u.Escapes || s.escapes
			// A path that stops the test (t.Fatal) never returns to the
			// caller: it bounds nothing the caller does next.
			return s, !p.stopsTest(f, n)
		},
		Edge: func(e paths.Edge, s useState) (useState, bool) {
			if f != site.Func && p.NilBranch(f, e, site) {
				return s, false // the channel's variable is nil: site was never made
			}
			s = p.applyEdge(f, e, site, s, oks)
			most = widest(most, s.now)
			return s, true
		},
	}
	complete := paths.Search(f.graphOf(), useState{}, walk, func(path *paths.Path[useState]) bool {
		now := path.State.now.plus(path.State.deferred)
		if first {
			u.Now, u.Later, first = now, path.State.later, false
		} else {
			u.Now, u.Later = meet(u.Now, now), meet(u.Later, path.State.later)
		}
		return false
	})
	// What happens on paths that never return happens too.
	u.Now, u.Later = atMost(u.Now, most), atMost(u.Later, mostLater)
	if first {
		// No path returns: a function that ranges for good over a channel
		// nothing closes (a drain started on the way out) drains it.
		u.Now.Drains = most.Drains
	}
	if !complete {
		u.Escapes = true
	}
	if site.Func == f && site.Param != nil && (p.escapesMemo(site, false) || p.InField(site)) {
		// A parameter kept in a field — of a value a constructor returns,
		// say — is used by the package's other functions, at other times:
		// its callers cannot tell what happens to it from this call.
		u.Escapes = true
	}
	return u
}

// stopsTest reports whether node n of f calls t.Fatal, t.FailNow or
// t.Skip: past it, the goroutine has ended.
func (p *Program) stopsTest(f *Func, n ast.Node) bool {
	for _, c := range f.Calls {
		if within(c.Expr, n) && !c.Go && !c.Defer && StopsTest(p.Info, c.Expr) {
			return true
		}
	}
	return false
}

// meet combines the effects of two paths that both return: the least of
// their lower bounds, the most of their upper bounds; it drains only if
// both do.
func meet(a, b Effect) Effect {
	m := widest(a, b)
	m.Drains = a.Drains && b.Drains
	return m
}

// atMost raises the upper bounds of e to those of most, what happened
// anywhere, also on paths that never return.
func atMost(e, most Effect) Effect {
	e.Sends.Max = max(e.Sends.Max, most.Sends.Max)
	e.Recvs.Max = max(e.Recvs.Max, most.Recvs.Max)
	e.Closes.Max = max(e.Closes.Max, most.Closes.Max)
	e.Waits = e.Waits || most.Waits
	return e
}

// widest combines the bounds of two effects: the least of their lower
// bounds, the most of their upper bounds.
func widest(a, b Effect) Effect {
	return Effect{
		Sends:  Count{min(a.Sends.Min, b.Sends.Min), max(a.Sends.Max, b.Sends.Max)},
		Recvs:  Count{min(a.Recvs.Min, b.Recvs.Min), max(a.Recvs.Max, b.Recvs.Max)},
		Closes: Count{min(a.Closes.Min, b.Closes.Min), max(a.Closes.Max, b.Closes.Max)},
		Drains: a.Drains || b.Drains,
		Waits:  a.Waits || b.Waits,
	}
}

// Touches reports whether f, or a function of the package it calls or
// starts, operates on site.
func (p *Program) Touches(f *Func, site *Site) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.touchesMemo(f, site)
}

func (p *Program) touchesMemo(f *Func, site *Site) bool {
	return p.sums.touches.get(useKey{f, site}, false, func() bool { return p.touches(f, site) })
}

func (p *Program) touches(f *Func, site *Site) bool {
	seen := make(map[*Func]bool)
	var visit func(*Func) bool
	visit = func(f *Func) bool {
		if seen[f] {
			return false
		}
		seen[f] = true
		for _, op := range f.Ops {
			if p.holds(f, op.Chan, site) {
				return true
			}
		}
		for _, c := range f.Calls {
			if c.Target != nil && visit(c.Target) {
				return true
			}
		}
		for _, s := range f.Spawns {
			if s.Func != nil && visit(s.Func) {
				return true
			}
		}
		return false
	}
	return visit(f)
}

// holds reports whether the channel expression e, in f, may hold site —
// where e is a parameter (of f, or of a function f is written in), only if
// site is that parameter's: what a caller passes is applied at the call,
// through the callee's use of its parameter, and must not be counted again.
func (p *Program) holds(f *Func, e ast.Expr, site *Site) bool {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		if v, ok := p.Info.Uses[id].(*types.Var); ok {
			if ps := p.ParamSite(v); ps != nil {
				return ps == site
			}
		}
	}
	return p.Holds(e, site)
}

// NodeEffect returns what running node n of f's body (a node of its
// control-flow graph) does with site: the operations in n, the calls it
// makes, the goroutines it starts.
func (p *Program) NodeEffect(f *Func, n ast.Node, site *Site) Use {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.applyNode(f, n, site, useState{})
	return Use{Now: s.now.plus(s.deferred), Later: s.later, AtReturn: s.deferred, Escapes: s.escapes}
}

// applyNode applies node n of f to a path's state for site.
func (p *Program) applyNode(f *Func, n ast.Node, site *Site, s useState) useState {
	for _, op := range f.Ops {
		if !op.Within(n) || !p.holds(f, op.Chan, site) {
			continue
		}
		switch op.Kind {
		case Send:
			s.now.Sends = s.now.Sends.plus(Count{1, 1})
			s.now.Waits = s.now.Waits || op.Bare()
		case Recv:
			s.now.Recvs = s.now.Recvs.plus(Count{1, 1})
			s.now.Waits = s.now.Waits || op.Bare()
		case Close:
			if op.Deferred() {
				s.deferred.Closes = s.deferred.Closes.plus(Count{1, 1})
			} else {
				s.now.Closes = s.now.Closes.plus(Count{1, 1})
			}
		case Escape:
			s.escapes = true
		}
	}
	for _, c := range f.Calls {
		if !within(c.Expr, n) || c.Builtin() != "" {
			continue
		}
		u := p.callUse(f, c, site)
		switch {
		case c.Go:
			s.later = s.later.plus(u.Now).plus(u.Later)
		case c.Defer:
			s.deferred = s.deferred.plus(u.Now)
			s.later = s.later.plus(u.Later)
		case c.Known.Role == concur.Go:
			s.later = s.later.plus(u.Now).plus(u.Later)
		default:
			s.now = s.now.plus(u.Now)
			s.later = s.later.plus(u.Later)
		}
		s.escapes = s.escapes || u.Escapes
	}
	return s
}

// callUse returns what call c, made by f, does with site: through the
// arguments that may hold it, and through the function it runs (a closure
// reaching it directly) or the task it starts.
func (p *Program) callUse(f *Func, c *Call, site *Site) Use {
	var u Use
	add := func(v Use) {
		u.Now, u.Later, u.Escapes = u.Now.plus(v.Now), u.Later.plus(v.Later), u.Escapes || v.Escapes
	}
	for _, op := range f.Ops {
		if op.Kind == Pass && op.Call == c && p.holds(f, op.Chan, site) {
			if v, ok := p.paramUse(c, op.Arg); ok {
				add(v)
			} else {
				u.Escapes = true
			}
		}
	}
	if c.Target != nil && c.Target.Lit != nil && p.touchesMemo(c.Target, site) {
		add(p.use(c.Target, site))
	}
	if (c.Known.Role == concur.Go || c.Known.Role == concur.ForEach) && c.Known.Task >= 0 && c.Known.Task < len(c.Expr.Args) {
		if t := p.FuncValue(c.Expr.Args[c.Known.Task]); t != nil && p.touchesMemo(t, site) {
			add(p.use(t, site))
		}
	}
	return u
}

// applyEdge applies an edge: a range over site receives one more value on
// the way into its body, and has drained it on the way out. A range that
// has no way out, neither its own end (nothing closes the channel) nor one
// in its body, drains the channel from its first round on, for good. So
// does the branch of a receive that has seen the channel closed (see
// ClosedBranch).
func (p *Program) applyEdge(f *Func, e paths.Edge, site *Site, s useState, oks map[*types.Var]ast.Expr) useState {
	if ch := p.ClosedBranch(e, oks); ch != nil && p.holds(f, ch, site) {
		// v, ok := <-ch; if !ok { return }: past here the channel is
		// closed, and a function that returns only this way drains it.
		s.now.Drains = true
		return s
	}
	r, ok := e.Stmt.(*ast.RangeStmt)
	if !ok || !isChan(p.Info.TypeOf(r.X)) || !p.holds(f, r.X, site) {
		return s
	}
	switch e.Kind {
	case paths.LoopBody:
		s.now.Recvs = s.now.Recvs.plus(Count{1, 1})
		s.now.Waits = true
		if f.graphOf().Endless(e.From) && !p.leaves(r.Body.List, true) {
			s.now.Drains = true
		}
	case paths.LoopEnd:
		s.now.Drains = true
	}
	return s
}

// within reports whether x lies in n.
func within(x, n ast.Node) bool { return n.Pos() <= x.Pos() && x.End() <= n.End() }

func isContext(t types.Type) bool { return t != nil && isNamed(t, "context", "Context") }
