package locks

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
	"golang.org/x/tools/go/cfg"
)

// SummaryOf analyses fi, once, and returns its summary. A function that
// (indirectly) calls itself sees its own summary as empty while it is
// being computed.
func (a *Analysis) SummaryOf(fi *Func) *Summary {
	if fi.sum != nil {
		return fi.sum
	}
	if fi.running || fi.body == nil {
		return &Summary{}
	}
	fi.running = true
	sum := &Summary{}
	if a.touchesLocks(fi) {
		a.study(fi)
		w := &Walk{a: a, F: fi, Sum: sum}
		w.run()
		fi.walk = w
	}
	fi.running = false
	fi.sum = sum
	return sum
}

// touchesLocks reports whether fi calls a method of a mutex, or a function
// whose summary is not empty: only then is its body worth walking.
// Computing the callees' summaries first also keeps recursion shallow.
func (a *Analysis) touchesLocks(fi *Func) bool {
	found := len(fi.Model.Locks) > 0
	for _, call := range fi.Model.Calls {
		if callee := a.calleeOf(call.Expr); callee != nil && !a.SummaryOf(callee).empty() {
			found = true
		}
	}
	return found
}

// A Walk is the lock analysis of one function's body: first to a fixed
// point, then once more to report and summarise.
type Walk struct {
	a   *Analysis
	F   *Func
	Sum *Summary
	g   *paths.Graph
	ifs map[ast.Expr]*ast.IfStmt // the if statements of the body, by condition

	final bool // the reporting pass
	// Collected by the reporting pass.
	Locks  []LockSite
	Exits  []Exit
	After  map[ast.Node]*State // state after the nodes Want lists
	DoneIn map[ast.Stmt]*State // state where an if, for, switch or select ends
	Want   map[ast.Node]bool
	// Rule is the rules' own state for this walk.
	Rule any

	sure map[int32]bool // by block: on every path to a return (onEveryPath)
}

// A LockSite is a Lock or RLock call of the function's own body.
type LockSite struct {
	Call *ast.CallExpr
	Ref  model.Ref
	Read bool
}

// An Exit is a way out of the function, with the state there.
type Exit struct {
	Pos   token.Pos
	State *State
	Panic bool // a call that does not return, such as panic
}

// Analysis returns the analysis the walk belongs to.
func (w *Walk) Analysis() *Analysis { return w.a }

func (w *Walk) flow() paths.Flow[*State] {
	return paths.Flow[*State]{
		Node:  func(n ast.Node, s *State) *State { w.node(s, n); return s },
		Edge:  w.edge,
		Join:  func(into **State, in *State) bool { return (*into).join(in) },
		Clone: (*State).clone,
	}
}

func (w *Walk) run() {
	w.g = w.F.Model.Graph()
	fl := w.flow()
	in, reached := paths.Forward(w.g, &State{}, fl)

	w.final = true
	w.After = make(map[ast.Node]*State)
	w.DoneIn = make(map[ast.Stmt]*State)
	w.Want = make(map[ast.Node]bool)
	if p, ok := w.a.rules.(interface{ Prepare(*Walk) }); ok {
		p.Prepare(w)
	}
	for i, b := range w.g.CFG.Blocks {
		if !reached[i] {
			continue
		}
		if b.Stmt != nil && isDone(b.Kind) {
			w.DoneIn[b.Stmt] = in[i].clone()
		}
		st := in[i].clone()
		for _, n := range w.g.Nodes(b) {
			w.node(st, n)
			if w.Want[n] {
				w.After[n] = st.clone()
			}
		}
		// After the last case of a select without default there is no way
		// out: a select waits for one of its cases.
		if len(b.Succs) == 0 && b.Kind != cfg.KindSelectAfterCase {
			w.exit(b, st)
		}
	}
	w.summarise()
	w.a.rules.Done(w)
}

// edge applies an edge: the branches of an if on a TryLock hold the mutex
// on one side; a test of an error that the call giving it never returns (see
// model.Program.NeverFails); each round of a range loop assigns its
// variables afresh.
func (w *Walk) edge(e paths.Edge, st *State) (*State, bool) {
	switch e.Kind {
	case paths.Then, paths.Else:
		if len(e.From.Nodes) == 0 {
			break
		}
		cond, ok := e.From.Nodes[len(e.From.Nodes)-1].(ast.Expr)
		if !ok {
			break
		}
		if failed, ok := w.failureTest(cond); ok && failed == (e.Kind == paths.Then) && w.neverFails(cond) {
			return st, false
		}
		if h, onTrue, ok := w.tryLock(cond); ok && onTrue == (e.Kind == paths.Then) {
			st.lock(h)
		}
	case paths.LoopBody:
		if rs, ok := e.Stmt.(*ast.RangeStmt); ok {
			for _, x := range []ast.Expr{rs.Key, rs.Value} {
				if r, ok := model.RefOf(w.a.info, x); ok && x != nil {
					st.forget(r.Key())
				}
			}
		}
	}
	return st, true
}

// failureTest recognises a condition that tests an error against nil:
// err != nil (failed is true where it holds) or err == nil.
func (w *Walk) failureTest(cond ast.Expr) (failed, ok bool) {
	b, isBin := ast.Unparen(cond).(*ast.BinaryExpr)
	if !isBin || (b.Op != token.NEQ && b.Op != token.EQL) {
		return false, false
	}
	if tv, ok := w.a.info.Types[b.Y]; !ok || !tv.IsNil() {
		return false, false
	}
	return b.Op == token.NEQ, true
}

// neverFails reports whether the error cond tests is the result of a call
// that never fails: cond's left side is that call, or a variable the if
// statement's own initialisation assigns from it (if err := f(); err !=
// nil).
func (w *Walk) neverFails(cond ast.Expr) bool {
	x := ast.Unparen(ast.Unparen(cond).(*ast.BinaryExpr).X)
	if call, ok := x.(*ast.CallExpr); ok {
		c := w.a.calls[call]
		return c != nil && w.a.p.NeverFails(c)
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return false
	}
	if w.ifs == nil {
		w.ifs = make(map[ast.Expr]*ast.IfStmt)
		ast.Inspect(w.F.Model.Body(), func(n ast.Node) bool {
			if s, ok := n.(*ast.IfStmt); ok {
				w.ifs[s.Cond] = s
			}
			return true
		})
	}
	s := w.ifs[cond]
	if s == nil {
		return false
	}
	as, ok := s.Init.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || len(as.Lhs) == 0 {
		return false
	}
	last, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident)
	call, isCall := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok || !isCall || w.a.info.ObjectOf(last) != w.a.info.ObjectOf(id) {
		return false
	}
	c := w.a.calls[call]
	return c != nil && w.a.p.NeverFails(c)
}

// tryLock recognises a condition that is a TryLock (onTrue: the mutex is
// held where it is true) or its negation (held where it is false).
func (w *Walk) tryLock(cond ast.Expr) (h Hold, onTrue, ok bool) {
	onTrue = true
	e := ast.Unparen(cond)
	if u, isNot := e.(*ast.UnaryExpr); isNot && u.Op == token.NOT {
		e, onTrue = ast.Unparen(u.X), false
	}
	call, isCall := e.(*ast.CallExpr)
	if !isCall {
		return Hold{}, false, false
	}
	o, r, named := w.a.mutexOp(call)
	if !named || (o != model.TryLock && o != model.TryRLock) {
		return Hold{}, false, false
	}
	return Hold{Ref: r, Key: r.Key(), Read: o.Read(), Site: call.Pos()}, onTrue, true
}

// node applies one node of a block: a statement or an expression.
func (w *Walk) node(st *State, n ast.Node) {
	switch n := n.(type) {
	case *ast.GoStmt:
		// The arguments are evaluated here; the call runs in another
		// goroutine, which holds none of this one's locks.
		for _, arg := range n.Call.Args {
			w.expr(st, arg)
		}
		if callee := w.a.calleeOf(n.Call); callee != nil {
			// A mutex the goroutine unlocks is handed over to it.
			args, oks := w.a.callArgs(n.Call, callee.method)
			for _, e := range w.a.SummaryOf(callee).releases {
				if r, ok := e.bind(args, oks); ok {
					st.unlock(r, e.read)
				}
			}
			if w.final {
				w.a.rules.Call(w, callee, nil)
			}
		}
	case *ast.DeferStmt:
		for _, arg := range n.Call.Args {
			w.expr(st, arg)
		}
		w.deferred(st, n.Call)
		if callee := w.a.calleeOf(n.Call); callee != nil && w.final {
			w.a.rules.Call(w, callee, nil)
		}
	case *ast.AssignStmt:
		for _, e := range n.Rhs {
			w.expr(st, e)
		}
		for _, e := range n.Lhs {
			w.expr(st, e)
			if r, ok := model.RefOf(w.a.info, e); ok {
				st.forget(r.Key())
			}
		}
	case *ast.ValueSpec:
		for _, e := range n.Values {
			w.expr(st, e)
		}
		for _, id := range n.Names {
			if v, ok := w.a.info.Defs[id].(*types.Var); ok {
				st.forget(model.RefKey{Root: v})
			}
		}
	default:
		w.expr(st, n)
	}
}

// expr applies the calls in n, each after its operands, without entering
// function literals (they run when called, which calleeOf handles).
func (w *Walk) expr(st *State, n ast.Node) {
	if n == nil {
		return
	}
	var stack []ast.Node
	ast.Inspect(n, func(x ast.Node) bool {
		if x == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if call, ok := top.(*ast.CallExpr); ok {
				w.call(st, call)
			}
			return false
		}
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		stack = append(stack, x)
		return true
	})
}

func (w *Walk) call(st *State, call *ast.CallExpr) {
	if o, r, ok := w.a.mutexOp(call); ok {
		switch o {
		case model.Lock, model.RLock:
			h := Hold{Ref: r, Key: r.Key(), Read: o.Read(), Site: call.Pos()}
			if w.final {
				w.lockDirect(st, call, h)
			}
			st.lock(h)
		case model.Unlock, model.RUnlock:
			st.unlock(r, o.Read())
		}
		return
	}
	callee := w.a.calleeOf(call)
	if callee == nil {
		w.mayRelease(st, call)
		return
	}
	sum := w.a.SummaryOf(callee)
	if sum.empty() {
		return
	}
	args, oks := w.a.callArgs(call, callee.method)
	for _, acq := range sum.Acquires {
		if acq.named {
			if r, ok := acq.mutex.bind(args, oks); ok {
				st.take(r, !acq.Read)
			}
		}
	}
	if w.final {
		w.a.rules.Call(w, callee, st)
		for _, acq := range sum.Acquires {
			w.lockVia(st, call, callee, acq, args, oks)
		}
	}
	for _, e := range sum.releases {
		if r, ok := e.bind(args, oks); ok {
			st.unlock(r, e.read)
		}
	}
	for _, e := range sum.exitHeld {
		if r, ok := e.bind(args, oks); ok {
			st.lock(Hold{Ref: r, Key: r.Key(), Read: e.read, Site: call.Pos(), Via: callee.Name})
		}
	}
}

// mayRelease drops the holds of the mutexes that escape the function
// (handed out by address, or unlocked in a function literal or through a
// method value) when call runs a local function variable the analysis
// cannot follow: the function may be the one that unlocks, as
// unlock := unlockOnce(&s.mu); s.mu.Lock(); ...; unlock() does. What the
// code shows no longer says the mutex is held.
func (w *Walk) mayRelease(st *State, call *ast.CallExpr) {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return
	}
	v, ok := w.a.info.Uses[id].(*types.Var)
	if !ok || v.IsField() || isPackageLevel(v) {
		return
	}
	escaped := func(h Hold) bool { return w.F.Escapes[h.Key] }
	st.Must = slices.DeleteFunc(st.Must, escaped)
	st.May = slices.DeleteFunc(st.May, escaped)
}

// deferred applies a defer statement's call: a deferred Unlock (directly,
// in a function literal, or in a function of the package) keeps the mutex
// held to the end of the function and releases it there.
func (w *Walk) deferred(st *State, call *ast.CallExpr) {
	if o, r, ok := w.a.mutexOp(call); ok {
		if o == model.Unlock || o == model.RUnlock {
			w.a.deferredEarly(w.F, call, r)
			w.deferRelease(st, r)
		}
		return
	}
	callee := w.a.calleeOf(call)
	if callee == nil {
		w.mayRelease(st, call)
		return
	}
	sum := w.a.SummaryOf(callee)
	args, oks := w.a.callArgs(call, callee.method)
	for _, e := range sum.releases {
		if r, ok := e.bind(args, oks); ok {
			w.a.deferredEarly(w.F, call, r)
			w.deferRelease(st, r)
		}
	}
}

func (w *Walk) deferRelease(st *State, r model.Ref) {
	k := r.Key()
	st.deferUnlock(k)
	if slices.ContainsFunc(st.May, func(h Hold) bool { return h.Key == k }) {
		return
	}
	// The same field reached another way may be the same mutex, as for
	// an Unlock (see State.unlock): a guard that a constructor locks and
	// whose deferred method unlocks it (enc := newEncoder(c); defer
	// enc.end(), end unlocking enc.conn.mu while c.mu is held).
	aliased := false
	for _, h := range st.May {
		if h.known() && sameField(h.Ref, r) {
			st.deferUnlock(h.Key)
			aliased = true
		}
	}
	if !aliased && !st.releasedKey(k) {
		st.Released = append(st.Released, r) // the caller's lock, released on return
	}
}

// exit records the end of a path out of the function.
func (w *Walk) exit(b *cfg.Block, st *State) {
	e := Exit{Pos: w.F.body.Rbrace, State: st}
	if len(b.Nodes) > 0 {
		switch last := b.Nodes[len(b.Nodes)-1].(type) {
		case *ast.ReturnStmt:
			e.Pos = last.Pos()
		case *ast.ExprStmt:
			if call, ok := ast.Unparen(last.X).(*ast.CallExpr); ok && w.a.p.NoReturn(call) {
				e.Pos, e.Panic = last.Pos(), true
			}
		}
	}
	w.Exits = append(w.Exits, e)
}

func isDone(k cfg.BlockKind) bool {
	switch k {
	case cfg.KindIfDone, cfg.KindForDone, cfg.KindRangeDone, cfg.KindSwitchDone, cfg.KindSelectDone:
		return true
	}
	return false
}

// HeldAt returns, for every node of f's control-flow graph that a path
// reaches, the state just before it: the mutexes held there.
func (a *Analysis) HeldAt(f *model.Func) map[ast.Node]*State {
	fi := a.funcOf(f)
	a.SummaryOf(fi) // the callees' summaries
	if fi.body == nil {
		return nil
	}
	if fi.Escapes == nil {
		a.study(fi)
	}
	w := &Walk{a: a, F: fi, Sum: &Summary{}, g: f.Graph()}
	fl := w.flow()
	in, reached := paths.Forward(w.g, &State{}, fl)
	out := make(map[ast.Node]*State)
	paths.Replay(w.g, in, reached, fl, func(n ast.Node, before *State) { out[n] = before.clone() })
	return out
}
