package blockingsend

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/locks"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// underLock reports a goroutine that waits on a channel while holding a
// mutex that the goroutine meant to end the wait needs too: a send,
// receive, range or select without default made while the mutex is held
// (its Unlock deferred included), or a call in that window of a function
// of this package that waits so, when the function holding the other side
// of the channel (its receive for a send; its send or close for a
// receive) locks the same mutex before it gets there — for a select, the
// other side of each of its cases, since any one of them can end the wait.
// Neither can proceed: a classic "channel and lock" deadlock, and every
// other goroutine that needs the mutex stops as well.
func (c *checker) underLock() {
	if len(c.p.Locks) == 0 {
		return
	}
	for _, f := range c.p.Funcs {
		if len(f.Ops) == 0 && len(f.Calls) == 0 {
			continue
		}
		if len(c.heldIn(f)) == 0 {
			continue
		}
		c.underLockIn(f)
	}
}

func (c *checker) underLockIn(f *model.Func) {
	at := func(n ast.Node) []locks.Hold {
		if st := c.stateAt(f, n); st != nil {
			return st.Must
		}
		return nil
	}
	selects := make(map[*ast.SelectStmt]bool)
	for _, op := range f.Ops {
		if c.reported[op.Node] {
			continue
		}
		if cc, sel := op.Case(); cc != nil {
			if !selects[sel] && !model.HasDefault(sel) {
				selects[sel] = true
				c.selectUnderLock(f, sel, at(cc.Comm))
			}
			continue
		}
		hs := at(op.Node)
		if len(hs) == 0 {
			continue
		}
		switch op.Kind {
		case model.Send:
			if c.mayBuffer(op) {
				continue
			}
			if other, mu := c.needsLock(f, op.Node, op.Chan, model.Send, hs); other != nil {
				c.reportLocked(op.Node, other, "send on %s while holding %s can block forever: its %s (%s) needs %s too; unlock before sending",
					exprText(op.Chan), mu, side(other), c.where(other), mu)
			}
		case model.Recv:
			if c.mailbox(op.Chan, hs) || c.settled(f, op.Node, []ast.Expr{op.Chan}) {
				continue
			}
			if other, mu := c.needsLock(f, op.Node, op.Chan, model.Recv, hs); other != nil {
				c.reportLocked(op.Node, other, "receive from %s while holding %s can block forever: its %s (%s) needs %s too; unlock before waiting",
					exprText(op.Chan), mu, side(other), c.where(other), mu)
			}
		case model.Range:
			if other, mu := c.needsLock(f, op.Node, op.Chan, model.Range, hs); other != nil {
				c.reportLocked(op.Node, other, "range over %s while holding %s can block forever: its %s (%s) needs %s too; unlock before the loop",
					exprText(op.Chan), mu, side(other), c.where(other), mu)
			}
		}
	}
	for _, call := range f.Calls {
		if call.Target == nil || call.Go || call.Defer || c.reported[call.Expr] {
			continue
		}
		hs := at(call.Expr)
		if len(hs) == 0 {
			continue
		}
		b := c.blocks(call.Target, make(map[*model.Func]bool))
		if b == nil || (b.op.Kind == model.Send && c.mayBuffer(b.op)) {
			continue
		}
		if other, mu := c.needsLock(f, call.Expr, b.op.Chan, b.op.Kind, hs); other != nil {
			c.reportLocked(call.Expr, other, "call of %s while holding %s can block forever: %s, and the other side (%s) needs %s too; unlock before the call",
				call.Target.Name(), mu, c.blockText(call.Target, b), c.where(other), mu)
		}
	}
}

// selectUnderLock reports a select without default that waits while
// holding a mutex the other side of every one of its cases needs.
func (c *checker) selectUnderLock(f *model.Func, sel *ast.SelectStmt, hs []locks.Hold) {
	if len(hs) == 0 {
		return
	}
	var received []ast.Expr
	for _, s := range sel.Body.List {
		if ch, send := model.CommChan(s.(*ast.CommClause).Comm); ch != nil && !send {
			received = append(received, ch)
		}
	}
	if len(received) > 0 && c.settled(f, sel, received) {
		return
	}
	var first *model.Op
	var firstCh ast.Expr
	var firstMu string
	for _, s := range sel.Body.List {
		ch, send := model.CommChan(s.(*ast.CommClause).Comm)
		kind := model.Recv
		if send {
			kind = model.Send
		}
		other, mu := c.needsLock(f, s, ch, kind, hs)
		if other == nil {
			return
		}
		if first == nil {
			first, firstCh, firstMu = other, ch, mu
		}
	}
	if first != nil {
		c.reportLocked(sel, first, "select waits while holding %s: the goroutines that would make its cases ready (%s for %s) need %s too; unlock before waiting",
			firstMu, c.where(first), exprText(firstCh), firstMu)
	}
}

// needsLock returns an operation on the other side of a wait of the given
// kind on ch whose goroutine may lock one of held before getting to it,
// and that lock's expression. The waiting function itself does not count:
// it is the goroutine holding the lock, not another one; at is where it
// waits.
func (c *checker) needsLock(waiter *model.Func, at ast.Node, ch ast.Expr, kind model.OpKind, held []locks.Hold) (*model.Op, string) {
	if ch == nil {
		return nil, ""
	}
	sites, _ := c.p.PointsTo(ch)
	for _, s := range sites {
		if c.otherSideHidden(s, kind, true) {
			return nil, "" // the other side may be out of sight
		}
	}
	free := len(sites) > 0
	for _, s := range sites {
		free = free && c.freeCounterpart(s, kind, waiter, held)
	}
	if free {
		return nil, "" // whichever channel it is, a goroutine can answer without the lock
	}
	var guards map[types.Object]guard // what the wait is guarded by, found once
	for _, s := range sites {
		for _, other := range c.p.OpsOf(s) {
			if !counterpart(kind, other.Kind) || other.Func == nil || other.Func == waiter || c.releasesToken(other, s) {
				continue
			}
			taken := c.takenBefore(other)
			for i := len(held) - 1; i >= 0; i-- {
				for _, t := range taken {
					if !t.blockedBy(held[i]) {
						continue
					}
					if guards == nil {
						guards = c.waitGuards(waiter, at, ch)
					}
					if !c.someAnnounced(guards, waiter, kind, sites, t.ref) {
						return other, locks.Display(held[i].Ref)
					}
				}
			}
		}
	}
	return nil, ""
}

// freeCounterpart reports whether some operation that completes a wait
// of the given kind on site — a receive for a send; a send or close for a
// receive — is made by another goroutine that takes none of held before
// it: that goroutine can answer while the waiter holds the lock.
func (c *checker) freeCounterpart(site *model.Site, kind model.OpKind, waiter *model.Func, held []locks.Hold) bool {
	for _, other := range c.p.OpsOf(site) {
		if !counterpart(kind, other.Kind) || other.Func == nil || other.Func == waiter {
			continue
		}
		free := true
		for _, t := range c.takenBefore(other) {
			for _, h := range held {
				if t.blockedBy(h) {
					free = false
				}
			}
		}
		if free {
			return true
		}
	}
	return false
}

// releasesToken reports whether op is a send on a buffered channel that
// its function made room for itself, by receiving from the same channel
// first: a channel used as a semaphore, whose holder gives the token
// back. The send never waits, whatever locks its goroutine took.
func (c *checker) releasesToken(op *model.Op, site *model.Site) bool {
	if op.Kind != model.Send || site.Cap < 1 {
		return false
	}
	// The token may be taken by the function a deferred closure gives it
	// back for: <-sem; defer func() { sem <- struct{}{} }().
	for f := op.Func; f != nil; f = f.Parent {
		for _, r := range f.Ops {
			if r.Kind == model.Recv && r.Bare() && r.Node.Pos() < op.Node.Pos() && c.p.Holds(r.Chan, site) {
				return true
			}
		}
		if f.Lit == nil {
			break
		}
	}
	return false
}

// otherSideHidden reports whether the other side of a wait of the given
// kind on site may be out of sight: the channel is handed to code without
// a summary, or stored where others reach it; with closures, also when the
// other side's operation is in a closure others call, whenever they like.
func (c *checker) otherSideHidden(site *model.Site, kind model.OpKind, closures bool) bool {
	if c.p.Public(site) {
		return true
	}
	for _, op := range c.p.OpsOf(site) {
		switch op.Kind {
		case model.Escape:
			return true
		case model.Pass:
			u, ok := c.p.ParamUse(op.Call, op.Arg)
			if !ok || u.Escapes {
				return true
			}
			if op.Call.Target != nil {
				continue // a function of the package: its operations are among the site's
			}
			e := u.Now.Plus(u.Later)
			if kind == model.Send && (e.Recvs.Max > 0 || e.Drains) || kind != model.Send && (e.Sends.Max > 0 || e.Closes.Max > 0) {
				return true // another package's function waits on it: how, the check cannot see
			}
		default:
			if closures && counterpart(kind, op.Kind) && op.Func != nil && c.calledByOthers(op.Func, site) {
				return true
			}
		}
	}
	return false
}

// calledByOthers reports whether f, or a literal between it and the
// function that has the channel, is a closure handed to other code, which
// calls it when and as often as it likes.
func (c *checker) calledByOthers(f *model.Func, site *model.Site) bool {
	for ; f != nil && f != site.Func && f.Lit != nil; f = f.Parent {
		if f.Value {
			return true
		}
	}
	return false
}

// counterpart reports whether an operation of kind other can end a wait
// of kind: a receive or range for a send (a close cannot: it makes the
// send panic); a send or close for a receive or range.
func counterpart(kind, other model.OpKind) bool {
	switch kind {
	case model.Send:
		return other == model.Recv || other == model.Range
	case model.Recv, model.Range:
		return other == model.Send || other == model.Close
	}
	return false
}

// takenBefore returns the mutexes the goroutine running op may lock, or
// wait for, before op happens: those locked (directly or through calls)
// on a path to it — or anywhere in its function, when op comes round
// again (it is in a loop, or its function is called from one) or runs
// last (a deferred call).
func (c *checker) takenBefore(op *model.Op) []taken {
	held := c.heldIn(op.Func)
	again := op.Loop() != nil || op.Deferred()
	for _, caller := range op.Func.Callers {
		again = again || len(caller.Loops) > 0
	}
	var out []taken
	var best ast.Node
	for node, st := range held {
		if again {
			for _, t := range st.Taken {
				if op.Deferred() || !c.publishedUnder(op, t, held) && !c.madeAfterTaken(op, t) {
					out = append(out, taken{t, slices.Contains(st.Written, t.Key())})
				}
			}
			continue
		}
		if within(op.Node, node) && (best == nil || within(node, best)) {
			best = node
		}
	}
	if best != nil {
		st := held[best]
		for _, t := range st.Taken {
			if !c.publishedUnder(op, t, held) && !c.madeAfterTaken(op, t) {
				out = append(out, taken{t, slices.Contains(st.Written, t.Key())})
			}
		}
		// Locks the node itself takes before the operation: f(x) <- v.
		for _, l := range op.Func.Locks {
			if within(l.Call.Expr, best) && l.Call.Expr.Pos() < op.Node.Pos() && l.Kind.Acquires() && l.Ref.Valid() {
				out = append(out, taken{l.Ref, !l.Kind.Read()})
			}
		}
	}
	return out
}

// A taken mutex, locked for writing or only read-locked.
type taken struct {
	ref   model.Ref
	write bool
}

// blockedBy reports whether a goroutine holding h keeps another from taking
// t, the same mutex: unless both are read locks, one waits for the other.
// (Two read locks can still deadlock when a writer queues between them,
// as lockorder's read-lock rule reports; that takes a third goroutine,
// which a wait on one channel does not show.)
func (t taken) blockedBy(h locks.Hold) bool {
	return sameMutex(h.Ref, t.ref) && (t.write || !h.Read)
}

// publishedUnder reports whether the mutex t, taken and released before
// op, guarded the making of op's channel: every channel op may work on is
// made by op's function while it holds t. Whoever is to answer op can only
// have the channel once t is released, and op needs t no more. When op
// comes round again in a loop, the channel must be made in that loop too:
// each round then waits on a channel of its own.
func (c *checker) publishedUnder(op *model.Op, t model.Ref, held map[ast.Node]*locks.State) bool {
	sites, opaque := c.p.PointsTo(op.Chan)
	if opaque || len(sites) == 0 {
		return false
	}
	loop := op.Loop()
	for _, s := range sites {
		if s.Make == nil || s.Func != op.Func || loop != nil && !within(s.Make, loop) {
			return false
		}
		inside := false
		for node, st := range held {
			if within(s.Make, node) {
				for _, h := range st.Must {
					if h.Ref.Key() == t.Key() {
						inside = true
					}
				}
			}
		}
		if !inside {
			return false
		}
	}
	return true
}

// madeAfterTaken reports whether op's goroutine is done with the mutex t
// before any channel op may work on exists: every such channel is made by
// op's function (in op's loop, when op is in one), and between the make
// and op the function neither locks t nor calls a function of the package
// that might. Whoever holds t and waits on that channel got it from this
// round, after its t was taken and left behind; the lock cannot keep op
// from happening, as in
//
//	mu.Lock(); fresh := m.fresh(); mu.Unlock()
//	done := make(chan error)
//	go m.fetch(done) // sends on done while holding mu
//	select { case err := <-done: ...; case <-ctx.Done(): ... }
//
// where the send can block only because the receiver leaves (as leave.go
// reports), not because it needs mu.
func (c *checker) madeAfterTaken(op *model.Op, t model.Ref) bool {
	sites, opaque := c.p.PointsTo(op.Chan)
	if opaque || len(sites) == 0 || op.Deferred() {
		return false
	}
	loop := op.Loop()
	for _, s := range sites {
		if s.Make == nil || s.Func != op.Func || loop != nil && !within(s.Make, loop) {
			return false
		}
		from, to := s.Make.End(), op.Node.Pos()
		if from >= to {
			return false
		}
		for _, l := range op.Func.Locks {
			if at := l.Call.Expr.Pos(); from <= at && at < to && l.Kind.Acquires() && (!l.Ref.Valid() || sameMutex(l.Ref, t)) {
				return false
			}
		}
		for _, call := range op.Func.Calls {
			if at := call.Expr.Pos(); from <= at && at < to && call.Target != nil && !call.Go && !call.Defer {
				return false
			}
		}
	}
	return true
}

// heldIn returns the lock states of f's nodes, computed once.
func (c *checker) heldIn(f *model.Func) map[ast.Node]*locks.State {
	if c.held == nil {
		c.held = make(map[*model.Func]map[ast.Node]*locks.State)
	}
	if c.locks == nil {
		c.locks = locks.New(c.p, nil)
	}
	h, ok := c.held[f]
	if !ok {
		h = c.locks.HeldAt(f)
		c.held[f] = h
	}
	return h
}

// sameMutex reports whether a and b, named in two functions, stand for the
// same mutex: the same field of some value (every value of the struct
// type is one class), or the same variable.
func sameMutex(a, b model.Ref) bool {
	ka, _ := locks.Class(a)
	kb, _ := locks.Class(b)
	if ka != "" || kb != "" {
		return ka == kb
	}
	return a.Key() == b.Key()
}

// mailbox reports whether ch is a buffered channel that every sender fills
// while holding one of held: a receiver holding that lock finds the value
// already there or knows from the state the lock guards that none is
// coming (net/http's wantConn), so its receive is not the deadlock this
// rule is about.
func (c *checker) mailbox(ch ast.Expr, held []locks.Hold) bool {
	sites, _ := c.p.PointsTo(ch)
	buffered := false
	senders := 0
	for _, s := range sites {
		buffered = buffered || s.Make != nil && s.Cap != 0
		for _, op := range c.p.OpsOf(s) {
			if op.Kind != model.Send || op.Func == nil {
				continue
			}
			senders++
			inside := false
			for node, st := range c.heldIn(op.Func) {
				if within(op.Node, node) {
					for _, h := range st.Must {
						for _, mine := range held {
							if sameMutex(h.Ref, mine.Ref) {
								inside = true
							}
						}
					}
				}
			}
			if !inside {
				return false
			}
		}
	}
	return buffered && senders > 0
}

// blocking is where a function waits on a channel.
type blocking struct {
	op    *model.Op
	owner *model.Func // the function whose body holds op
	next  *model.Func // the callee through which op is reached, or nil
}

// blocks returns how a call of f can make its caller wait on a channel
// while its caller's locks are still held: f's body, or the body of a
// function of this package it calls, sends on a channel that may be
// unbuffered, receives from a channel other than a timer's, or ranges over
// a channel, outside any select, before any Unlock in that body (a
// function that unlocks may be releasing its caller's lock:
// updateAndUnlock). A callee's own callees count only when it calls them
// on every run (takenEveryTime). Operations in function literals, go statements and
// deferred calls do not count, nor those that cannot wait (guarded.go).
func (c *checker) blocks(f *model.Func, visiting map[*model.Func]bool) *blocking {
	if c.blocking == nil {
		c.blocking = make(map[*model.Func]*blocking)
	}
	if b, ok := c.blocking[f]; ok {
		return b
	}
	if visiting[f] {
		return nil
	}
	visiting[f] = true
	unlock := f.Body().End()
	for _, l := range f.Locks {
		if l.Kind.Releases() && !l.Call.Defer && l.Call.Expr.Pos() < unlock {
			unlock = l.Call.Expr.Pos()
		}
	}
	var b *blocking
	for _, op := range f.Ops {
		if op.Node.Pos() > unlock || !op.Bare() || op.Deferred() || inGo(op) || c.guarded[op.Node] {
			continue
		}
		if op.Kind == model.Send && !c.mayBuffer(op) || op.Kind == model.Recv && !c.p.IsTimer(op.Chan) || op.Kind == model.Range {
			b = &blocking{op: op, owner: f}
			break
		}
	}
	if b == nil {
		for _, call := range f.Calls {
			if call.Target == nil || call.Go || call.Defer || call.Expr.Pos() > unlock || !takenEveryTime(f, call.Expr) {
				continue
			}
			if inner := c.blocks(call.Target, visiting); inner != nil {
				b = &blocking{op: inner.op, owner: inner.owner, next: call.Target}
				break
			}
		}
	}
	c.blocking[f] = b
	return b
}

// inGo reports whether op is an argument of a go statement's call.
func inGo(op *model.Op) bool {
	for _, n := range op.Path() {
		if _, ok := n.(*ast.GoStmt); ok {
			return true
		}
	}
	return false
}

// side names the role of an operation on the other side of a wait.
func side(op *model.Op) string {
	switch op.Kind {
	case model.Close:
		return "closer"
	case model.Send:
		return "sender"
	}
	return "receiver"
}

// where names the function of an operation and its line for a message.
func (c *checker) where(op *model.Op) string {
	return fmt.Sprintf("%s, line %d", funcName(op.Func.Node()), c.p.Fset.Position(op.Node.Pos()).Line)
}

func isChan(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

func (c *checker) reportLocked(n ast.Node, other *model.Op, format string, args ...any) {
	c.report(n, analysis.Diagnostic{Pos: n.Pos(), Message: fmt.Sprintf(format, args...), Related: []analysis.RelatedInformation{
		{Pos: other.Node.Pos(), Message: "the other side of the channel, reached only after taking the same mutex"},
	}})
}

// blockText says where a blocking function waits.
func (c *checker) blockText(f *model.Func, b *blocking) string {
	line := c.p.Fset.Position(b.op.Node.Pos()).Line
	what := "waits on " + exprText(b.op.Chan)
	switch b.op.Kind {
	case model.Send:
		what = "sends on " + exprText(b.op.Chan)
	case model.Recv:
		what = "receives from " + exprText(b.op.Chan)
	case model.Range:
		what = "ranges over " + exprText(b.op.Chan)
	}
	if b.next != nil {
		return fmt.Sprintf("%s %s (line %d)", b.owner.Name(), what, line)
	}
	return fmt.Sprintf("it %s (line %d)", what, line)
}

// someAnnounced reports whether an operation that completes the wait (a
// receive for a send; a send or close for a receive) is announced under
// t (see announcedUnder): the goroutine making it is past the lock, so
// which other goroutines need t does not matter.
func (c *checker) someAnnounced(guards map[types.Object]guard, waiter *model.Func, kind model.OpKind, sites []*model.Site, t model.Ref) bool {
	if len(guards) == 0 {
		return false
	}
	for _, s := range sites {
		for _, other := range c.p.OpsOf(s) {
			if !counterpart(kind, other.Kind) || other.Func == nil || other.Func == waiter {
				continue
			}
			if c.announcedUnder(guards, other, t) {
				return true
			}
		}
	}
	return false
}

// announcedUnder reports whether other's goroutine, before it gets to
// other, announces while holding t that it is on its way — it writes a
// variable or field the wait is guarded by, or sends on a channel the
// waiter received from on its way to the wait (see waitGuards) — and no
// longer holds t at other:
//
//	p.Lock(); p.need++; p.Unlock(); id = <-p.ids    // other
//	p.Lock(); if p.need > 0 { p.ids <- id; p.need-- } // the waiter
//
//	s.mu.Lock(); s.stop <- token; s.mu.Unlock(); <-s.stopped // other
//	<-s.stop; s.mu.Lock(); s.stopped <- token                // the waiter
//
// The waiter waits only when a goroutine has announced, under the lock,
// that it is past the lock and on its way to other: a registered waiter,
// which needs t no more. The channel itself may be the announcement, when
// the waiter finds it where the other side put it under the lock:
//
//	t.mu.Lock(); t.acks[id] = &ack{ch}; t.mu.Unlock(); <-ch         // other
//	t.mu.Lock(); if a := t.acks[id]; a != nil { a.ch <- true }      // the waiter
func (c *checker) announcedUnder(guards map[types.Object]guard, other *model.Op, t model.Ref) bool {
	info := c.pass.TypesInfo
	if c.holdsAt(other.Func, other.Node, t) {
		return false
	}
	announced := false
	ast.Inspect(other.Func.Body(), func(n ast.Node) bool {
		if announced || n == nil || n.Pos() >= other.Node.Pos() {
			return false
		}
		var writes []ast.Expr
		by := readGuard
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IncDecStmt:
			writes = []ast.Expr{n.X}
		case *ast.AssignStmt:
			writes = n.Lhs
		case *ast.SendStmt:
			writes, by = []ast.Expr{n.Chan}, tokenGuard
		}
		for _, e := range writes {
			if ix, ok := e.(*ast.IndexExpr); ok {
				e = ix.X // an entry put in a map or slice announces through the container
			}
			if o := namedVar(info, e); o != nil && guards[o]&by != 0 && c.holdsAt(other.Func, n, t) {
				announced = true
			}
		}
		return true
	})
	return announced
}

// A guard is how a wait depends on a variable or field: the waiter reads
// it to decide to wait or to reach the channel, or it is a channel the
// waiter received a token from on its way to the wait.
type guard uint8

const (
	readGuard guard = 1 << iota
	tokenGuard
)

// waitGuards returns the variables and fields a wait at at, on ch, is
// guarded by: those the conditions of the ifs around it read, and those
// the waiter reads to get to ch (see reachedThrough); and the channels it
// received from on its way there (see tokensBefore).
func (c *checker) waitGuards(waiter *model.Func, at ast.Node, ch ast.Expr) map[types.Object]guard {
	info := c.pass.TypesInfo
	read := make(map[types.Object]bool)
	c.reachedThrough(waiter, ch, read, 0)
	for _, s := range guardingIfs(waiter, at) {
		ast.Inspect(s.Cond, func(m ast.Node) bool {
			if o := namedVar(info, m); o != nil {
				read[o] = true
			}
			return true
		})
	}
	guards := make(map[types.Object]guard)
	for o := range read {
		guards[o] |= readGuard
	}
	for _, e := range c.tokensBefore(at) {
		if o := namedVar(info, e); o != nil {
			guards[o] |= tokenGuard
		}
	}
	return guards
}

// tokensBefore returns the channels a goroutine waiting at at has
// received from on its way there: that of the select case whose body
// holds the wait, or of a receive statement before it in a block that
// holds it. A function literal called where it is written is followed out
// to its call; any other function boundary ends the walk.
func (c *checker) tokensBefore(at ast.Node) []ast.Expr {
	path := c.pathTo(at)
	var chans []ast.Expr
	for i := 1; i < len(path); i++ {
		child, parent := path[i-1], path[i]
		switch p := parent.(type) {
		case *ast.FuncDecl:
			return chans
		case *ast.FuncLit:
			call, ok := nodeAt(path, i+1).(*ast.CallExpr)
			if !ok || ast.Unparen(call.Fun) != p {
				return chans
			}
			switch nodeAt(path, i+2).(type) {
			case *ast.GoStmt, *ast.DeferStmt:
				return chans
			}
		case *ast.CommClause:
			if ch := model.RecvChan(p.Comm); ch != nil && child != p.Comm {
				chans = append(chans, ch)
			}
		}
		if list, ok := model.StmtList(parent); ok {
			for _, st := range list[:max(model.StmtIndex(list, child), 0)] {
				if u, ok := ast.Unparen(model.StmtValue(st)).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
					chans = append(chans, u.X)
				}
			}
		}
	}
	return chans
}

// nodeAt returns path[i], or nil past its end.
func nodeAt(path []ast.Node, i int) ast.Node {
	if i < len(path) {
		return path[i]
	}
	return nil
}

// reachedThrough adds to into the variables and fields the waiter reads
// to get to the channel ch: those ch names (a.ch: a and ch), and, for a
// local variable assigned once, those its value names (a := t.acks[id]:
// t and acks).
func (c *checker) reachedThrough(waiter *model.Func, ch ast.Expr, into map[types.Object]bool, depth int) {
	info := c.pass.TypesInfo
	for e := ch; e != nil && depth < 4; {
		if o := namedVar(info, e); o != nil && !into[o] {
			into[o] = true
			if v, ok := o.(*types.Var); ok && !v.IsField() && !c.p.Assigned(v) {
				if val := declaredValue(info, waiter.Body(), v); val != nil {
					c.reachedThrough(waiter, val, into, depth+1)
				}
			}
		}
		switch x := e.(type) {
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		default:
			e = nil
		}
	}
}

// declaredValue returns the expression a variable declared in body with
// := or var is given there, one value for one name, or nil.
func declaredValue(info *types.Info, body *ast.BlockStmt, v *types.Var) ast.Expr {
	var val ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && info.Defs[id] == v {
						val = n.Rhs[i]
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					if info.Defs[id] == v {
						val = n.Values[i]
					}
				}
			}
		}
		return val == nil
	})
	return val
}

// holdsAt reports whether f holds t, on every path, at n.
func (c *checker) holdsAt(f *model.Func, n ast.Node, t model.Ref) bool {
	if st := c.stateAt(f, n); st != nil {
		for _, h := range st.Must {
			if sameMutex(h.Ref, t) {
				return true
			}
		}
	}
	return false
}

// namedVar returns the variable or field an expression names (x, or
// the field of p.x), or nil.
func namedVar(info *types.Info, e ast.Node) types.Object {
	switch e := e.(type) {
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok {
			return v
		}
	case *ast.SelectorExpr:
		if v, ok := info.Uses[e.Sel].(*types.Var); ok && v.IsField() {
			return v
		}
	}
	return nil
}
