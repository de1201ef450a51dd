package lockorder

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/locks"
	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
)

// A function may keep a lock on one path by contract: it returns holding
// it when it succeeds, and its caller unlocks.
//
//	// ensureLoaded returns with m.mu read-locked on success; the caller
//	// must RUnlock.
//	func (m *Map) ensureLoaded() error {
//		m.mu.RLock()
//		if m.db != nil {
//			return nil // keeps the read lock: the caller's to release
//		}
//		m.mu.RUnlock()
//		...
//	}
//
//	if err := m.ensureLoaded(); err != nil {
//		return err
//	}
//	defer m.mu.RUnlock()
//
// The result tells the caller which path was taken, and the callers show
// the contract: each unlocks the mutex on the path where the result says
// the lock was kept. Only what the package shows counts as evidence.

// outcome is a constant result a function returns: nil, true or false.
type outcome struct {
	nilValue bool
	val      bool // for a bool result
}

// handoff is what is known of a function that keeps a lock on some of its
// returns: the results that say so.
type handoff struct {
	c       *checker
	fn      *locks.Func
	results map[int]outcome // result index → what every keeping return gives
}

// handedOff reports whether the returns of the function that keep the
// mutex r locked hand the lock to the callers by contract. That needs
// three things:
//
//   - a result that tells the returns that keep it from those that do not
//     (those whose lock is released, or whose unlock is deferred): each
//     return that keeps it gives the same constant there (nil, true or
//     false) and no other return gives that constant literally — or no
//     such return at all: every return keeps it, as a helper that steps
//     out of the lock only to wait and take it again does;
//   - callers the package sees, all of them: a declared function, not
//     used as a value, not reached through an interface method the
//     package calls, and called at least once outside the tests (tests
//     count only for a function of a test file, so that a package and
//     its test variant report the same), never by a go or defer
//     statement;
//   - each call followed, on every path on which the result is that
//     constant, by an unlock of the same mutex (named through the call's
//     receiver or arguments) before the caller returns: a direct Unlock
//     or RUnlock, a deferred one, or a call of a function of the package
//     that releases it.
//
// An exported function qualifies too: code outside the package may call
// it without unlocking, but the package's own callers all follow the
// contract, which is as much as a lock helper that returns holding its
// lock on every path shows, and that is left alone as well.
func (c *checker) handedOff(w *locks.Walk, r model.Ref) bool {
	f := w.F.Model
	k := r.Key()
	var kept, others []locks.Exit
	for _, e := range w.Exits {
		if _, held := locks.Holding(e.State.May, k); held && !e.Panic && !slices.Contains(e.State.Deferred, k) {
			kept = append(kept, e)
		} else {
			others = append(others, e)
		}
	}
	if c.returnsHeld(f, kept, r) {
		return true
	}
	if f.Decl == nil || f.Value || c.calledThroughInterface(f) {
		return false
	}
	h := &handoff{c: c, fn: w.F, results: c.keptResults(f, kept, others)}
	if len(h.results) == 0 && !allPanic(others) {
		return false // no result tells a caller whether it holds the lock
	}
	inTest := c.p.InTest(f.Decl.Pos())
	seen := 0
	for _, call := range f.Callers {
		if call.Go || call.Defer {
			return false
		}
		if c.p.InTest(call.Expr.Pos()) && !inTest {
			continue
		}
		seen++
		if !h.unlockedAfter(call, r) {
			return false
		}
	}
	return seen > 0
}

// returnsHeld reports whether every return of kept gives its caller the
// locked mutex r itself, or a pointer to what holds it (return mu, true
// for a *sync.Mutex mu; return t for a *T whose t.mu is locked): the
// caller holds the lock it is handed, as a function returning an open file
// hands over the duty to close it, whoever the callers are.
func (c *checker) returnsHeld(f *model.Func, kept []locks.Exit, r model.Ref) bool {
	body := f.Body()
	if len(kept) == 0 || body == nil || r.Inline() {
		return false
	}
	rets := returnsAt(body)
	for _, e := range kept {
		ret := rets[e.Pos]
		if ret == nil {
			return false
		}
		gives := false
		for _, res := range ret.Results {
			if rr, ok := model.RefOf(c.p.Info, res); ok && r.HasPrefix(rr.Key()) {
				gives = true
			}
		}
		if !gives {
			return false
		}
	}
	return true
}

// allPanic reports whether every exit of exits is a panic.
func allPanic(exits []locks.Exit) bool {
	for _, e := range exits {
		if !e.Panic {
			return false
		}
	}
	return true
}

// calledThroughInterface reports whether the package calls an interface
// method that f, a method, may be: calls the model cannot follow.
func (c *checker) calledThroughInterface(f *model.Func) bool {
	if f.Decl.Recv == nil {
		return false
	}
	for _, g := range c.p.Funcs {
		for _, call := range g.Calls {
			if call.Callee != nil && !call.Static && call.Callee.Name() == f.Obj.Name() {
				return true
			}
		}
	}
	return false
}

// keptResults returns the results by which every return in kept says it
// keeps the lock: the same constant in each, which no return in others
// gives literally.
func (c *checker) keptResults(f *model.Func, kept, others []locks.Exit) map[int]outcome {
	n := f.Sig.Results().Len()
	rets := returnsAt(f.Body())
	out := make(map[int]outcome)
	for i := range n {
		t := f.Sig.Results().At(i).Type()
		var first *outcome
		ok := true
		for _, e := range kept {
			o, isConst := c.constResult(rets[e.Pos], i, n, t)
			if !isConst || first != nil && o != *first {
				ok = false
				break
			}
			first = &o
		}
		if !ok || first == nil {
			continue
		}
		for _, e := range others {
			if o, isConst := c.constResult(rets[e.Pos], i, n, t); !e.Panic && isConst && o == *first {
				ok = false
			}
		}
		if ok {
			out[i] = *first
		}
	}
	return out
}

// constResult returns the constant a return statement gives as its i-th
// result of n, of type t: nil for a pointer, interface, map, slice, chan
// or func result, true or false for a bool.
func (c *checker) constResult(ret *ast.ReturnStmt, i, n int, t types.Type) (outcome, bool) {
	if ret == nil || len(ret.Results) != n {
		return outcome{}, false // a bare return, or a call's results
	}
	tv, ok := c.pass.TypesInfo.Types[ret.Results[i]]
	switch {
	case !ok:
		return outcome{}, false
	case tv.IsNil():
		return outcome{nilValue: true}, true
	case tv.Value != nil && tv.Value.Kind() == constant.Bool && isBool(t):
		return outcome{val: constant.BoolVal(tv.Value)}, true
	}
	return outcome{}, false
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// returnsAt maps the positions of the return statements of body, outside
// function literals, to them.
func returnsAt(body *ast.BlockStmt) map[token.Pos]*ast.ReturnStmt {
	out := make(map[token.Pos]*ast.ReturnStmt)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			out[n.Pos()] = n
		}
		return true
	})
	return out
}

// The phases of a caller's path, in the search for an unlock after the
// call.
const (
	beforeCall uint8 = iota
	kept             // the call returned, maybe keeping the lock
	released         // unlocked since
)

// callerState is the state of a path through the caller: the phase, and
// which results of the call the variables bound to them still hold
// (bit i for result i).
type callerState struct {
	phase uint8
	bound uint64
}

// unlockedAfter reports whether every path of the caller from call on
// which the results can be those of a keeping return unlocks r, named in
// the caller's terms, before the caller returns, and does not call again
// in between.
func (h *handoff) unlockedAfter(call *model.Call, r model.Ref) bool {
	k, ok := h.c.a.BindAt(call.Expr, h.fn, r)
	if !ok || call.In == nil {
		return false
	}
	vars := resultVars(h.c.pass.TypesInfo, call.In.Body(), call.Expr)
	info := h.c.pass.TypesInfo
	failed := false
	within := func(n ast.Node) bool { return n.Pos() <= call.Expr.Pos() && call.Expr.End() <= n.End() }
	walk := paths.Walk[callerState]{
		Node: func(n ast.Node, s callerState) (callerState, bool) {
			switch {
			case within(n):
				if s.phase == kept {
					failed = true // called again while it may hold the lock
					return s, false
				}
				s.phase, s.bound = kept, 0
				for i, v := range vars {
					if v != nil && i < 64 {
						s.bound |= 1 << i
					}
				}
			case s.phase == kept && h.c.a.Unlocks(n, k):
				s.phase = released
			case s.phase == kept:
				for i, v := range vars {
					if v != nil && i < 64 && assigns(info, n, v) {
						s.bound &^= 1 << i
					}
				}
			}
			return s, true
		},
		Edge: func(e paths.Edge, s callerState) (callerState, bool) {
			if s.phase != kept || (e.Kind != paths.Then && e.Kind != paths.Else) || len(e.From.Nodes) == 0 {
				return s, true
			}
			cond, ok := e.From.Nodes[len(e.From.Nodes)-1].(ast.Expr)
			if !ok {
				return s, true
			}
			return s, !h.excludes(cond, e.Kind == paths.Then, call.Expr, vars, s.bound)
		},
	}
	complete := paths.Search(call.In.Graph(), callerState{}, walk, func(p *paths.Path[callerState]) bool {
		if p.State.phase == kept {
			failed = true
		}
		return failed
	})
	return complete && !failed
}

// resultVars returns the variables the results of call are assigned to,
// by index, where call is the only value of an assignment or declaration:
// err in err := f(), v and err in v, err = f().
func resultVars(info *types.Info, body *ast.BlockStmt, call *ast.CallExpr) []*types.Var {
	var out []*types.Var
	bind := func(lhs []*ast.Ident) {
		for _, id := range lhs {
			v, _ := info.ObjectOf(id).(*types.Var)
			out = append(out, v)
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 && ast.Unparen(n.Rhs[0]) == call {
				var ids []*ast.Ident
				for _, l := range n.Lhs {
					id, _ := ast.Unparen(l).(*ast.Ident)
					ids = append(ids, id)
				}
				bind(ids)
			}
		case *ast.ValueSpec:
			if len(n.Values) == 1 && ast.Unparen(n.Values[0]) == call {
				bind(n.Names)
			}
		}
		return out == nil
	})
	return out
}

// assigns reports whether the node n assigns to v (outside function
// literals).
func assigns(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.ObjectOf(id) == v {
					found = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && x.Op == token.AND && info.ObjectOf(id) == v {
				found = true // its address: anything may write it
			}
		}
		return !found
	})
	return found
}

// excludes reports whether cond being truth means the call's results are
// not those of a return that keeps the lock: err != nil being true when
// the keeping returns give a nil error, ok being false when they give
// true. && and || are taken apart where one side decides (a && b true,
// a || b false); any other condition excludes nothing.
func (h *handoff) excludes(cond ast.Expr, truth bool, call *ast.CallExpr, vars []*types.Var, bound uint64) bool {
	result := func(e ast.Expr) (outcome, bool) {
		e = ast.Unparen(e)
		if e == ast.Expr(call) {
			o, ok := h.results[0]
			return o, ok && h.fn.Model.Sig.Results().Len() == 1
		}
		id, ok := e.(*ast.Ident)
		if !ok {
			return outcome{}, false
		}
		for i, v := range vars {
			if v != nil && i < 64 && bound&(1<<i) != 0 && h.c.pass.TypesInfo.ObjectOf(id) == v {
				o, ok := h.results[i]
				return o, ok
			}
		}
		return outcome{}, false
	}
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return h.excludes(e.X, !truth, call, vars, bound)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND:
			return truth && (h.excludes(e.X, true, call, vars, bound) || h.excludes(e.Y, true, call, vars, bound))
		case token.LOR:
			return !truth && (h.excludes(e.X, false, call, vars, bound) || h.excludes(e.Y, false, call, vars, bound))
		case token.EQL, token.NEQ:
			x := e.X
			if h.isNil(e.X) {
				x = e.Y
			} else if !h.isNil(e.Y) {
				return false
			}
			o, ok := result(x)
			isNil := (e.Op == token.EQL) == truth
			return ok && o.nilValue && !isNil
		}
	}
	o, ok := result(cond)
	return ok && !o.nilValue && o.val != truth
}

func (h *handoff) isNil(e ast.Expr) bool {
	tv, ok := h.c.pass.TypesInfo.Types[e]
	return ok && tv.IsNil()
}
