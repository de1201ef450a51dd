package blockingsend

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/locks"
	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
)

// A buffered channel can serve as a queue that a mutex guards, the way a
// slice would: every send and receive is made holding the mutex, and each
// checks the length first (VictoriaMetrics' fastqueue: if len(fq.ch) > 0
// { bb := <-fq.ch }). While the mutex is held no other goroutine can take
// a value from the channel or fill it, so a receive after len(ch) > 0 finds
// a value, and a send after len(ch) < cap(ch) finds room: neither waits,
// and no rule about waiting applies to them — least of all "a channel
// operation under a mutex the other side needs".
//
// guardedOps finds those operations, before any rule reports. A bare send
// or receive is guarded when
//
//   - every operation of the package on every channel it may work on is a
//     send, receive or close (none out of sight, no range), made on a field
//     of a struct while holding a mutex field of the same struct value,
//     locked for writing (readers share a read lock) — the same one for all
//     of them;
//   - on every path to it within its function, a branch established the
//     length it needs on the same field of the same variable: len(ch) > 0,
//     != 0 or >= 1 (or the else of == 0) for a receive; len(ch) < cap(ch)
//     or != cap(ch) (or the else of == cap(ch), also through n :=
//     len(ch) in the if's init) for a send; and
//   - the mutex stayed held since, with no operation on the channel, no
//     Cond's Wait, no call that may touch the channel or a mutex, and no
//     call out of sight in between.
//
// A function that locks nothing itself holds the mutexes that every one of
// its callers holds on the receiver it is called on (flushLocked), when
// only the package's own static calls can run it.
//
// What it does not show: that flushing the channel empties it, so that a
// send after `if len(ch) == cap(ch) { flush() }` finds room (it would also
// need the capacity to be at least one); such a send stays unguarded. By
// default a send on a buffered channel is not reported under a lock
// anyway.
func (c *checker) guardedOps() {
	c.guarded = make(map[ast.Node]bool)
	if len(c.p.Locks) == 0 {
		return
	}
	done := make(map[*model.Func]bool)
	for _, op := range c.p.Ops {
		if f := op.Func; f != nil && !done[f] && (op.Kind == model.Send || op.Kind == model.Recv) && op.Bare() && c.mutexOf(op.Chan).Root != nil {
			done[f] = true
			c.guardedIn(f)
		}
	}
}

// guardKind is what a checked length promises an operation.
type guardKind uint8

const (
	hasValue guardKind = iota // len(ch) > 0: a receive finds a value
	hasRoom                   // len(ch) < cap(ch): a send finds room
)

// A guardFact is a length checked on the channel ch, which holds while mu
// stays held.
type guardFact struct {
	ch, mu model.RefKey
	kind   guardKind
}

// guardedIn marks the guarded operations of f.
func (c *checker) guardedIn(f *model.Func) {
	held := c.heldIn(f)
	conds := branchConds(f.Body())
	flow := paths.Flow[[]guardFact]{
		Node: func(n ast.Node, s []guardFact) []guardFact {
			if len(s) == 0 {
				return s
			}
			if c.disturbs(f, n, nil) {
				return nil
			}
			keys := c.heldKeys(f, held[n])
			return slices.DeleteFunc(s, func(g guardFact) bool { return !slices.Contains(keys, g.mu) || assignsTo(c.p.Info, n, g.ch) })
		},
		Edge: func(e paths.Edge, s []guardFact) ([]guardFact, bool) {
			for _, g := range c.edgeFacts(e, conds) {
				if !slices.Contains(s, g) {
					s = append(s, g)
				}
			}
			return s, true
		},
		Join:  joinFacts,
		Clone: slices.Clone[[]guardFact],
	}
	g := f.Graph()
	in, reached := paths.Forward(g, nil, flow)
	paths.Replay(g, in, reached, flow, func(n ast.Node, before []guardFact) {
		for _, op := range f.Ops {
			if op.Within(n) && c.guardedBy(f, op, n, before) {
				c.guarded[op.Node] = true
			}
		}
	})
}

// guardedBy reports whether op, in node n of f, is a bare send or receive
// whose checked length is in before, the facts on every path to n, with
// nothing in n itself that could undo it.
func (c *checker) guardedBy(f *model.Func, op *model.Op, n ast.Node, before []guardFact) bool {
	kind := hasValue
	switch {
	case !op.Bare():
		return false
	case op.Kind == model.Send:
		kind = hasRoom
	case op.Kind != model.Recv:
		return false
	}
	ch, ok := model.KeyOf(c.p.Info, op.Chan)
	mu := c.mutexOf(op.Chan)
	return ok && mu.Root != nil && slices.Contains(before, guardFact{ch, mu, kind}) &&
		slices.Contains(c.heldKeys(f, c.heldIn(f)[n]), mu) && !c.disturbs(f, n, op)
}

func joinFacts(into *[]guardFact, in []guardFact) bool {
	kept := slices.DeleteFunc(slices.Clone(*into), func(g guardFact) bool { return !slices.Contains(in, g) })
	changed := len(kept) != len(*into)
	*into = kept
	return changed
}

// exclusiveMutex returns the mutex every operation on site holds, as a
// path of fields from the struct value whose field holds the channel
// (".mu"), or "" when there is none or site may be used out of sight.
func (c *checker) exclusiveMutex(site *model.Site) string {
	if m, ok := c.exclusive[site]; ok {
		return m
	}
	c.exclusive[site] = "" // a cycle through entryHeld: not shown
	m := c.computeExclusive(site)
	c.exclusive[site] = m
	return m
}

func (c *checker) computeExclusive(site *model.Site) string {
	if site.Make == nil || c.p.Escapes(site) {
		return ""
	}
	var common []string
	first := true
	for _, op := range c.p.OpsOf(site) {
		switch op.Kind {
		case model.Close:
			continue // a close never waits, and a receive after it neither
		case model.Pass:
			if op.Call.Target == nil {
				return ""
			}
			continue // the callee's operations are among the site's
		case model.Send, model.Recv:
		default:
			return ""
		}
		if op.Func == nil {
			return ""
		}
		ch, ok := model.KeyOf(c.p.Info, op.Chan)
		parent, isField := parentPath(ch)
		if !ok || !isField {
			return ""
		}
		var rel []string
		for _, k := range c.heldKeys(op.Func, c.stateAt(op.Func, op.Node)) {
			if k.Root == ch.Root && strings.HasPrefix(k.Path, parent+".") {
				rel = append(rel, k.Path[len(parent):])
			}
		}
		if first {
			common, first = rel, false
		} else {
			common = slices.DeleteFunc(common, func(m string) bool { return !slices.Contains(rel, m) })
		}
		if len(common) == 0 {
			return ""
		}
	}
	if first {
		return ""
	}
	return slices.Min(common)
}

// mutexOf returns the mutex that every operation on every channel ch may
// hold is made under, named from ch's own variable (fq.mu for fq.ch); its
// Root is nil when there is none.
func (c *checker) mutexOf(ch ast.Expr) model.RefKey {
	k, ok := model.KeyOf(c.p.Info, ch)
	parent, isField := parentPath(k)
	if !ok || !isField || c.p.Assigned(k.Root) {
		return model.RefKey{}
	}
	sites, opaque := c.p.PointsTo(ch)
	if opaque || len(sites) == 0 {
		return model.RefKey{}
	}
	m := c.exclusiveMutex(sites[0])
	for _, s := range sites[1:] {
		if c.exclusiveMutex(s) != m {
			return model.RefKey{}
		}
	}
	if m == "" {
		return model.RefKey{}
	}
	return model.RefKey{Root: k.Root, Path: parent + m}
}

// parentPath returns the path of the struct value whose field k names
// ("" for fq.ch), and whether k names a field at all.
func parentPath(k model.RefKey) (string, bool) {
	i := strings.LastIndex(k.Path, ".")
	if k.Root == nil || i < 0 {
		return "", false
	}
	return k.Path[:i], true
}

// stateAt returns the lock state just before the innermost node of f's
// control-flow graph that holds n, or nil.
func (c *checker) stateAt(f *model.Func, n ast.Node) *locks.State {
	held := c.heldIn(f)
	var best ast.Node
	for node := range held {
		if within(n, node) && (best == nil || within(node, best)) {
			best = node
		}
	}
	if best == nil {
		return nil
	}
	return held[best]
}

// heldKeys returns the mutexes held, for writing, on every path to a
// point of f whose lock state is st: those f locked, and those its
// callers hold and it has not released.
func (c *checker) heldKeys(f *model.Func, st *locks.State) []model.RefKey {
	if st == nil {
		return nil
	}
	var out []model.RefKey
	for _, h := range st.Must {
		if h.Key.Root != nil && !h.Read { // readers share a read lock
			out = append(out, h.Key)
		}
	}
	for _, k := range c.entryHeld(f) {
		if !slices.ContainsFunc(st.Released, func(r model.Ref) bool { return r.Key() == k }) {
			out = append(out, k)
		}
	}
	return out
}

// entryHeld returns the mutexes of its receiver that an unexported method
// is always called holding: every call of it is a static call of the
// package, neither a go nor a defer statement, made holding them on the
// value it is called on. Code out of sight cannot call it, nor, when no
// call of the package goes through an interface method of that name, can
// the package's own dynamic calls.
func (c *checker) entryHeld(f *model.Func) []model.RefKey {
	if k, ok := c.entry[f]; ok {
		return k
	}
	c.entry[f] = nil // recursion: nothing shown
	k := c.computeEntryHeld(f)
	c.entry[f] = k
	return k
}

func (c *checker) computeEntryHeld(f *model.Func) []model.RefKey {
	if f.Decl == nil || f.Decl.Recv == nil || f.Obj.Exported() || f.Value || len(f.Callers) == 0 || c.calledDynamically(f.Obj.Name()) {
		return nil
	}
	var common []string
	for i, call := range f.Callers {
		if call.Go || call.Defer || call.In == nil || call.Recv == nil {
			return nil
		}
		r, ok := model.KeyOf(c.p.Info, call.Recv)
		if !ok {
			return nil
		}
		var rel []string
		for _, k := range c.heldKeys(call.In, c.stateAt(call.In, call.Expr)) {
			if k.Root == r.Root && strings.HasPrefix(k.Path, r.Path+".") {
				rel = append(rel, k.Path[len(r.Path):])
			}
		}
		if i == 0 {
			common = rel
		} else {
			common = slices.DeleteFunc(common, func(m string) bool { return !slices.Contains(rel, m) })
		}
	}
	var out []model.RefKey
	for _, m := range common {
		out = append(out, model.RefKey{Root: f.Sig.Recv().Origin(), Path: m})
	}
	return out
}

// calledDynamically reports whether the package calls a method named name
// through an interface.
func (c *checker) calledDynamically(name string) bool {
	for _, f := range c.p.Funcs {
		for _, call := range f.Calls {
			if call.Callee != nil && !call.Static && call.Callee.Name() == name {
				return true
			}
		}
	}
	return false
}

// disturbs reports whether node n of f may undo a checked length or
// release a mutex, other than by op itself: an operation on a channel
// whose length may be checked, a Cond's Wait (it unlocks), a call of a
// function of the package that may do either or lock or unlock a mutex, or
// a call that may run code out of sight of the package (a dynamic call, or
// one handed a value of a type of the package).
func (c *checker) disturbs(f *model.Func, n ast.Node, op *model.Op) bool {
	for _, other := range f.Ops {
		if other != op && other.Within(n) && c.mayBeGuarded(other.Chan) {
			return true
		}
	}
	for _, call := range f.Calls {
		if !within(call.Expr, n) || call.Go || call.Defer || call.Builtin() != "" {
			continue
		}
		switch {
		case isCondWait(call):
			return true
		case call.Target != nil:
			if c.touchesGuarded(call.Target) {
				return true
			}
		case call.Callee == nil || !call.Static || c.handsLocal(call):
			return true
		}
	}
	return false
}

// mayBeGuarded reports whether ch may hold a channel whose every operation
// is made under one mutex: one whose length the check follows.
func (c *checker) mayBeGuarded(ch ast.Expr) bool {
	sites, opaque := c.p.PointsTo(ch)
	if opaque {
		return true
	}
	for _, s := range sites {
		if c.exclusiveMutex(s) != "" {
			return true
		}
	}
	return false
}

// touchesGuarded reports whether calling f may operate on a channel whose
// length the check follows, lock or unlock a mutex, or wait on a Cond.
func (c *checker) touchesGuarded(f *model.Func) bool {
	t, ok := c.touching[f]
	if !ok {
		t = c.computeTouchesGuarded(f)
		c.touching[f] = t
	}
	return t
}

func (c *checker) computeTouchesGuarded(f *model.Func) bool {
	for g := range c.reachable(f) {
		if len(g.Locks) > 0 {
			return true
		}
		for _, op := range g.Ops {
			if c.mayBeGuarded(op.Chan) {
				return true
			}
		}
		for _, call := range g.Calls {
			if isCondWait(call) || call.Target == nil && !call.Go && call.Builtin() == "" && (call.Callee == nil || !call.Static || c.handsLocal(call)) {
				return true
			}
		}
	}
	return false
}

// handsLocal reports whether a call of another package's function is
// handed a value of a type this package declares (as its receiver or an
// argument): through its methods, the callee may run the package's code.
func (c *checker) handsLocal(call *model.Call) bool {
	args := call.Expr.Args
	if call.Recv != nil {
		args = append(slices.Clip(args), call.Recv)
	}
	for _, a := range args {
		t := c.p.Info.TypeOf(a)
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() == c.p.Pkg {
			return true
		}
	}
	return false
}

// isCondWait reports whether call is a sync.Cond's Wait, which unlocks its
// mutex while it waits.
func isCondWait(call *model.Call) bool {
	fn := call.Callee
	if fn == nil || fn.Name() != "Wait" || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return false
	}
	recv := fn.Type().(*types.Signature).Recv()
	return recv != nil && concur.IsNamed(recv.Type(), "sync", "Cond")
}

// assignsTo reports whether node n assigns to the variable or field path
// k names, or to one on the way to it.
func assignsTo(info *types.Info, n ast.Node, k model.RefKey) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if as, ok := x.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if lk, ok := model.KeyOf(info, l); ok && lk.Root == k.Root && (lk.Path == k.Path || strings.HasPrefix(k.Path, lk.Path+".")) {
					found = true
				}
			}
		}
		_, lit := x.(*ast.FuncLit)
		return !found && !lit
	})
	return found
}

// branchConds returns the conditions, and their operands through &&, ||,
// ! and parentheses, of the if and for statements and the switches without
// a tag in body (not in its function literals): a block of the
// control-flow graph that ends in one goes to its first successor when it
// is true, to the second when it is false. (A tagged switch compares its
// tag to the case instead.)
func branchConds(body *ast.BlockStmt) map[ast.Expr]bool {
	out := make(map[ast.Expr]bool)
	var add func(e ast.Expr)
	add = func(e ast.Expr) {
		if e == nil {
			return
		}
		out[e] = true
		switch x := e.(type) {
		case *ast.ParenExpr:
			add(x.X)
		case *ast.UnaryExpr:
			if x.Op == token.NOT {
				add(x.X)
			}
		case *ast.BinaryExpr:
			if x.Op == token.LAND || x.Op == token.LOR {
				add(x.X)
				add(x.Y)
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			add(s.Cond)
		case *ast.ForStmt:
			add(s.Cond)
		case *ast.SwitchStmt:
			if s.Tag == nil {
				for _, cl := range s.Body.List {
					for _, e := range cl.(*ast.CaseClause).List {
						add(e)
					}
				}
			}
		}
		return true
	})
	return out
}

// edgeFacts returns the lengths an edge establishes: the edge out of a
// block that ends in a condition, to the successor taken when it is true
// or to the one taken when it is false.
func (c *checker) edgeFacts(e paths.Edge, conds map[ast.Expr]bool) []guardFact {
	b := e.From
	if len(b.Succs) != 2 || b.Succs[0] == b.Succs[1] || len(b.Nodes) == 0 {
		return nil
	}
	cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr)
	if !ok || !conds[cond] {
		return nil
	}
	var prev ast.Node
	if len(b.Nodes) > 1 {
		prev = b.Nodes[len(b.Nodes)-2]
	}
	return c.condFacts(cond, e.To == b.Succs[0], prev)
}

// condFacts returns the lengths that cond being truth establishes. prev
// is the node evaluated just before cond: an n := len(ch) there lets cond
// read n for len(ch).
func (c *checker) condFacts(cond ast.Expr, truth bool, prev ast.Node) []guardFact {
	switch x := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			return c.condFacts(x.X, !truth, prev)
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND, token.LOR:
			if truth == (x.Op == token.LAND) { // both hold
				return append(c.condFacts(x.X, truth, prev), c.condFacts(x.Y, truth, prev)...)
			}
			return nil
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			op := x.Op
			if !truth {
				op = negated[op]
			}
			if g, ok := c.lengthFact(x.X, op, x.Y, prev); ok {
				return []guardFact{g}
			}
			if g, ok := c.lengthFact(x.Y, swapped[op], x.X, prev); ok {
				return []guardFact{g}
			}
		}
	}
	return nil
}

var (
	negated = map[token.Token]token.Token{token.EQL: token.NEQ, token.NEQ: token.EQL, token.LSS: token.GEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR}
	swapped = map[token.Token]token.Token{token.EQL: token.EQL, token.NEQ: token.NEQ, token.LSS: token.GTR, token.GTR: token.LSS, token.LEQ: token.GEQ, token.GEQ: token.LEQ}
)

// lengthFact returns what l op r, known to hold, says of a channel's
// length, when l is len(ch): it has a value (r a constant that makes
// len(ch) at least one), or room (len(ch) < cap(ch) or != cap(ch): a
// length never exceeds the capacity).
func (c *checker) lengthFact(l ast.Expr, op token.Token, r ast.Expr, prev ast.Node) (guardFact, bool) {
	ch := c.lenOf(l, prev)
	if ch == nil {
		return guardFact{}, false
	}
	k, ok := model.KeyOf(c.p.Info, ch)
	mu := c.mutexOf(ch)
	if !ok || mu.Root == nil {
		return guardFact{}, false
	}
	if call, ok := ast.Unparen(r).(*ast.CallExpr); ok && len(call.Args) == 1 && model.IsBuiltin(c.p.Info, call.Fun, "cap") {
		if ck, ok := model.KeyOf(c.p.Info, call.Args[0]); ok && ck == k && (op == token.LSS || op == token.NEQ) {
			return guardFact{k, mu, hasRoom}, true
		}
		return guardFact{}, false
	}
	if atLeastOne(c.p.Info, op, r) {
		return guardFact{k, mu, hasValue}, true
	}
	return guardFact{}, false
}

// atLeastOne reports whether a length l for which l op r holds is at least
// one, r being an integer constant: l > 0, l >= 1, l != 0, l == 2.
func atLeastOne(info *types.Info, op token.Token, r ast.Expr) bool {
	tv, ok := info.Types[ast.Unparen(r)]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	n, exact := constant.Int64Val(tv.Value)
	return exact && (op == token.GTR && n >= 0 || op == token.GEQ && n >= 1 || op == token.NEQ && n == 0 || op == token.EQL && n >= 1)
}

// lenOf returns ch when e is len(ch) of a channel, or a variable that prev
// has just set to it (n := len(ch)).
func (c *checker) lenOf(e ast.Expr, prev ast.Node) ast.Expr {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		as, ok := prev.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return nil
		}
		def, ok := as.Lhs[0].(*ast.Ident)
		if !ok || c.p.Info.Defs[def] == nil || c.p.Info.Defs[def] != c.p.Info.Uses[id] {
			return nil
		}
		e = ast.Unparen(as.Rhs[0])
	}
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || !model.IsBuiltin(c.p.Info, call.Fun, "len") || !isChan(c.p.Info.TypeOf(call.Args[0])) {
		return nil
	}
	return call.Args[0]
}
