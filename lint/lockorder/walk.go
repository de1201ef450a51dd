package lockorder

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"
)

// summaryOf analyses fi, once, and returns its summary. A function that
// (indirectly) calls itself sees its own summary as empty while it is
// being computed.
func (c *checker) summaryOf(fi *funcInfo) *summary {
	if fi.sum != nil {
		return fi.sum
	}
	if fi.running || fi.body == nil {
		return &summary{}
	}
	fi.running = true
	sum := &summary{}
	if c.touchesLocks(fi) {
		c.study(fi)
		w := &walker{c: c, fi: fi, sum: sum}
		w.run()
	}
	fi.running = false
	fi.sum = sum
	return sum
}

// touchesLocks reports whether fi calls a method of a mutex, or a function
// whose summary is not empty: only then is its body worth a control-flow
// graph. Computing the callees' summaries first also keeps recursion
// shallow.
func (c *checker) touchesLocks(fi *funcInfo) bool {
	found := false
	for _, call := range c.calls[fi.node] {
		if _, _, ok := c.mutexOp(call); ok {
			found = true
		} else if callee := c.calleeOf(call); callee != nil && !c.summaryOf(callee).empty() {
			found = true
		}
	}
	return found
}

// A walker runs the lock analysis over one function's control-flow graph:
// first to a fixed point, then once more to report and summarise.
type walker struct {
	c   *checker
	fi  *funcInfo
	sum *summary
	g   *cfg.CFG
	in  []*state // per block; nil until reached

	final    bool            // the reporting pass
	relocked map[refKey]bool // mutexes reported as locked again
	// Collected by the reporting pass, for the missing-unlock rule.
	locks  []lockSite
	exits  []exit
	after  map[ast.Node]*state          // state after the statements that end a list holding a Lock
	doneIn map[ast.Stmt]*state          // state where an if, for, switch or select ends
	want   map[ast.Node]bool            // the statements whose after-state is kept
	lists  map[*ast.CallExpr][]ast.Stmt // Lock call → the statement list holding it
	// topOfLoop are the Lock calls made by a statement of a loop's body
	// itself, not nested in a branch: they run on every iteration.
	topOfLoop map[*ast.CallExpr]bool
}

// lockSite is a Lock or RLock call of the function's own body.
type lockSite struct {
	call *ast.CallExpr
	ref  ref
	read bool
}

// exit is a way out of the function, with the state there.
type exit struct {
	pos   token.Pos
	st    *state
	panic bool // a call that does not return, such as panic
}

func (w *walker) run() {
	w.g = cfg.New(w.fi.body, w.c.mayReturn)
	w.in = make([]*state, len(w.g.Blocks))
	w.in[0] = &state{}
	work := []*cfg.Block{w.g.Blocks[0]}
	queued := make([]bool, len(w.g.Blocks))
	queued[0] = true
	// The lattice is finite, so this ends; the bound is a safety net
	// against a bug turning into a hang on real code.
	for steps := 0; len(work) > 0 && steps < 64*len(w.g.Blocks)+64; steps++ {
		b := work[0]
		work = work[1:]
		queued[b.Index] = false
		w.block(b, func(succ *cfg.Block, out *state) {
			if w.in[succ.Index] == nil {
				w.in[succ.Index] = out.clone()
			} else if !w.in[succ.Index].join(out) {
				return
			}
			if !queued[succ.Index] {
				queued[succ.Index] = true
				work = append(work, succ)
			}
		})
	}

	w.final = true
	w.prepareEnds()
	for _, b := range w.g.Blocks {
		if !b.Live || w.in[b.Index] == nil {
			continue
		}
		if b.Stmt != nil && isDone(b.Kind) {
			w.doneIn[b.Stmt] = w.in[b.Index].clone()
		}
		w.block(b, func(*cfg.Block, *state) {})
	}
	w.summarise()
	w.missingUnlocks()
}

// block applies b's nodes to a copy of its entry state and passes the
// state on each outgoing edge to out.
func (w *walker) block(b *cfg.Block, out func(*cfg.Block, *state)) {
	st := w.in[b.Index].clone()
	if b.Kind == cfg.KindRangeLoop {
		// Each iteration assigns the range variables afresh.
		if rs, ok := b.Stmt.(*ast.RangeStmt); ok {
			for _, e := range []ast.Expr{rs.Key, rs.Value} {
				if r, ok := w.c.refOf(e); ok && e != nil {
					st.forget(r.key())
				}
			}
		}
	}
	for _, n := range b.Nodes {
		w.node(st, n)
		if w.final && w.want[n] {
			w.after[n] = st.clone()
		}
	}
	if len(b.Succs) == 0 {
		// After the last case of a select without default: a select
		// waits for one of its cases, so this is no way out.
		if w.final && b.Kind != cfg.KindSelectAfterCase {
			w.exit(b, st)
		}
		return
	}
	if len(b.Succs) == 2 && len(b.Nodes) > 0 {
		if cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr); ok {
			if tv, ok := w.c.info.Types[cond]; ok && tv.Value != nil && tv.Value.Kind() == constant.Bool {
				// if false { ... }: only one way is ever taken.
				if constant.BoolVal(tv.Value) {
					out(b.Succs[0], st)
				} else {
					out(b.Succs[1], st)
				}
				return
			}
			if h, onTrue, ok := w.tryLock(cond); ok {
				taken := st.clone()
				taken.lock(h)
				if onTrue {
					out(b.Succs[0], taken)
					out(b.Succs[1], st)
				} else {
					out(b.Succs[0], st)
					out(b.Succs[1], taken)
				}
				return
			}
		}
	}
	for _, s := range b.Succs {
		out(s, st)
	}
}

// tryLock recognises a condition that is a TryLock (onTrue: the mutex is
// held where it is true) or its negation (held where it is false).
func (w *walker) tryLock(cond ast.Expr) (h hold, onTrue, ok bool) {
	onTrue = true
	e := ast.Unparen(cond)
	if u, isNot := e.(*ast.UnaryExpr); isNot && u.Op == token.NOT {
		e, onTrue = ast.Unparen(u.X), false
	}
	call, isCall := e.(*ast.CallExpr)
	if !isCall {
		return hold{}, false, false
	}
	o, r, named := w.c.mutexOp(call)
	if !named || (o != opTryLock && o != opTryRLock) {
		return hold{}, false, false
	}
	return hold{ref: r, key: r.key(), read: o.read(), site: call.Pos()}, onTrue, true
}

// node applies one node of a block: a statement or an expression.
func (w *walker) node(st *state, n ast.Node) {
	switch n := n.(type) {
	case *ast.GoStmt:
		// The arguments are evaluated here; the call runs in another
		// goroutine, which holds none of this one's locks.
		for _, a := range n.Call.Args {
			w.expr(st, a)
		}
		if callee := w.c.calleeOf(n.Call); callee != nil {
			// A mutex the goroutine unlocks is handed over to it.
			args, oks := w.c.callArgs(n.Call, callee.method)
			for _, e := range w.c.summaryOf(callee).releases {
				if r, ok := e.bind(args, oks); ok {
					st.unlock(r, e.read)
				}
			}
			if w.final {
				w.noteCall(callee, nil)
			}
		}
	case *ast.DeferStmt:
		for _, a := range n.Call.Args {
			w.expr(st, a)
		}
		w.deferred(st, n.Call)
		if callee := w.c.calleeOf(n.Call); callee != nil && w.final {
			w.noteCall(callee, nil)
		}
	case *ast.AssignStmt:
		for _, e := range n.Rhs {
			w.expr(st, e)
		}
		for _, e := range n.Lhs {
			w.expr(st, e)
			if r, ok := w.c.refOf(e); ok {
				st.forget(r.key())
			}
		}
	case *ast.ValueSpec:
		for _, e := range n.Values {
			w.expr(st, e)
		}
		for _, id := range n.Names {
			if v, ok := w.c.info.Defs[id].(*types.Var); ok {
				st.forget(refKey{root: v})
			}
		}
	default:
		w.expr(st, n)
	}
}

// expr applies the calls in n, each after its operands, without entering
// function literals (they run when called, which calleeOf handles).
func (w *walker) expr(st *state, n ast.Node) {
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

func (w *walker) call(st *state, call *ast.CallExpr) {
	if o, r, ok := w.c.mutexOp(call); ok {
		switch o {
		case opLock, opRLock:
			h := hold{ref: r, key: r.key(), read: o.read(), site: call.Pos()}
			if w.final {
				w.lockDirect(st, call, h)
			}
			st.lock(h)
		case opUnlock, opRUnlock:
			st.unlock(r, o.read())
		}
		return
	}
	callee := w.c.calleeOf(call)
	if callee == nil {
		return
	}
	sum := w.c.summaryOf(callee)
	if sum.empty() {
		return
	}
	args, oks := w.c.callArgs(call, callee.method)
	if w.final {
		w.noteCall(callee, st)
		for _, a := range sum.acquires {
			w.lockVia(st, call, callee, a, args, oks)
		}
	}
	for _, e := range sum.releases {
		if r, ok := e.bind(args, oks); ok {
			st.unlock(r, e.read)
		}
	}
	for _, e := range sum.exitHeld {
		if r, ok := e.bind(args, oks); ok {
			st.lock(hold{ref: r, key: r.key(), read: e.read, site: call.Pos(), via: callee.name})
		}
	}
}

// deferred applies a defer statement's call: a deferred Unlock (directly,
// in a function literal, or in a function of the package) keeps the mutex
// held to the end of the function and releases it there.
func (w *walker) deferred(st *state, call *ast.CallExpr) {
	if o, r, ok := w.c.mutexOp(call); ok {
		if o == opUnlock || o == opRUnlock {
			w.deferRelease(st, r)
		}
		return
	}
	callee := w.c.calleeOf(call)
	if callee == nil {
		return
	}
	sum := w.c.summaryOf(callee)
	args, oks := w.c.callArgs(call, callee.method)
	for _, e := range sum.releases {
		if r, ok := e.bind(args, oks); ok {
			w.deferRelease(st, r)
		}
	}
}

func (w *walker) deferRelease(st *state, r ref) {
	k := r.key()
	if !slices.Contains(st.deferred, k) {
		st.deferred = append(st.deferred, k)
	}
	if !slices.ContainsFunc(st.may, func(h hold) bool { return h.key == k }) && !st.releasedKey(k) {
		st.released = append(st.released, r) // the caller's lock, released on return
	}
}

// exit records the end of a path out of the function.
func (w *walker) exit(b *cfg.Block, st *state) {
	e := exit{pos: w.fi.body.Rbrace, st: st}
	if len(b.Nodes) > 0 {
		switch last := b.Nodes[len(b.Nodes)-1].(type) {
		case *ast.ReturnStmt:
			e.pos = last.Pos()
		case *ast.ExprStmt:
			if call, ok := ast.Unparen(last.X).(*ast.CallExpr); ok && !w.c.mayReturn(call) {
				e.pos, e.panic = last.Pos(), true
			}
		}
	}
	w.exits = append(w.exits, e)
}

func isDone(k cfg.BlockKind) bool {
	switch k {
	case cfg.KindIfDone, cfg.KindForDone, cfg.KindRangeDone, cfg.KindSwitchDone, cfg.KindSelectDone:
		return true
	}
	return false
}
