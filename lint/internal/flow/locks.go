package flow

import (
	"go/ast"
	"go/token"
	"go/types"
	"math"
	"slices"

	"github.com/leash-go/leash/lint/internal/concur"
	"golang.org/x/tools/go/types/typeutil"
)

// Lock is a mutex certainly held at some point of a function.
type Lock struct {
	// Expr is the expression the mutex was locked through: "s.mu", or "c"
	// for a struct c that embeds its mutex.
	Expr string
	// Pos is where it was locked.
	Pos token.Pos
	// Read is set for RLock.
	Read bool
	// Obj identifies the mutex across functions: the variable or field
	// holding it, or the embedded field for a struct that embeds it; nil
	// when it has no stable identity.
	Obj types.Object
}

// lockOp classifies call as locking or unlocking a sync.Mutex, sync.RWMutex
// or sync.Locker; it returns the mutex expression and whether the call
// locks, unlocks, and takes a read lock. ok is false for any other call.
func lockOp(info *types.Info, call *ast.CallExpr) (mutex string, obj types.Object, lock, read, ok bool) {
	mutex, lock, read, ok = lockCall(info, call)
	if ok {
		obj = mutexObj(info, ast.Unparen(call.Fun).(*ast.SelectorExpr))
	}
	return mutex, obj, lock, read, ok
}

// mutexObj identifies the mutex of the call m.Lock() (sel is m.Lock): the
// variable or field m, or, when Lock is promoted from an embedded mutex,
// that embedded field.
func mutexObj(info *types.Info, sel *ast.SelectorExpr) types.Object {
	if s, ok := info.Selections[sel]; ok && len(s.Index()) > 1 {
		t := s.Recv()
		var f *types.Var
		for _, i := range s.Index()[:len(s.Index())-1] {
			if p, ok := t.Underlying().(*types.Pointer); ok {
				t = p.Elem()
			}
			st, ok := t.Underlying().(*types.Struct)
			if !ok {
				return nil
			}
			f = st.Field(i)
			t = f.Type()
		}
		return f.Origin()
	}
	switch x := ast.Unparen(sel.X).(type) {
	case *ast.Ident:
		if v, ok := info.ObjectOf(x).(*types.Var); ok {
			return v.Origin()
		}
	case *ast.SelectorExpr:
		if s, ok := info.Selections[x]; ok && s.Kind() == types.FieldVal {
			return s.Obj().(*types.Var).Origin()
		}
	}
	return nil
}

func lockCall(info *types.Info, call *ast.CallExpr) (mutex string, lock, read, ok bool) {
	fn, isFn := typeutil.Callee(info, call).(*types.Func)
	sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !isFn || !isSel || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return "", false, false, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return "", false, false, false
	}
	if recv := sig.Recv().Type(); !concur.IsNamed(recv, "sync", "Mutex") && !concur.IsNamed(recv, "sync", "RWMutex") && !concur.IsNamed(recv, "sync", "Locker") {
		return "", false, false, false
	}
	mutex = types.ExprString(ast.Unparen(sel.X))
	switch fn.Name() {
	case "Lock":
		return mutex, true, false, true
	case "RLock":
		return mutex, true, true, true
	case "Unlock":
		return mutex, false, false, true
	case "RUnlock":
		return mutex, false, true, true
	}
	return "", false, false, false
}

// HeldLocks walks body in execution order and calls visit for every node
// it reaches with the mutexes certainly held there: locked earlier on every
// path to the node and not unlocked since. A deferred Unlock keeps the
// mutex held to the end of the function. Function literals, deferred calls
// and the bodies of go statements are not entered: they run at another
// time. visit sees a select statement as a whole; it does not see the
// communications of its cases, except for a select with a single case,
// which is just its communication.
func HeldLocks(info *types.Info, body *ast.BlockStmt, visit func(n ast.Node, held []Lock)) {
	if body == nil {
		return
	}
	w := lockWalker{info: info, visit: visit}
	w.block(body.List, nil)
}

type lockWalker struct {
	info  *types.Info
	visit func(ast.Node, []Lock)
}

// block walks stmts with held on entry and returns the locks held at the
// end and whether every path through stmts ends in a return or branch.
func (w *lockWalker) block(stmts []ast.Stmt, held []Lock) ([]Lock, bool) {
	for _, s := range stmts {
		var done bool
		held, done = w.stmt(s, held)
		if done {
			return held, true
		}
	}
	return held, false
}

func (w *lockWalker) stmt(s ast.Stmt, held []Lock) ([]Lock, bool) {
	switch s := s.(type) {
	case nil:
		return held, false
	case *ast.BlockStmt:
		return w.block(s.List, held)
	case *ast.LabeledStmt:
		return w.stmt(s.Stmt, held)
	case *ast.IfStmt:
		held, _ = w.stmt(s.Init, held)
		held = w.expr(s.Cond, held)
		h1, t1 := w.block(s.Body.List, held)
		h2, t2 := held, false
		if s.Else != nil {
			h2, t2 = w.stmt(s.Else, held)
		}
		return merge([][]Lock{h1, h2}, []bool{t1, t2})
	case *ast.ForStmt:
		held, _ = w.stmt(s.Init, held)
		held = w.expr(s.Cond, held)
		hb, _ := w.block(s.Body.List, held)
		w.stmt(s.Post, hb)
		return intersect(held, hb), false
	case *ast.RangeStmt:
		held = w.expr(s.X, held)
		w.visit(s, held)
		hb, _ := w.block(s.Body.List, held)
		return intersect(held, hb), false
	case *ast.SwitchStmt:
		held, _ = w.stmt(s.Init, held)
		held = w.expr(s.Tag, held)
		return w.clauses(s.Body, held)
	case *ast.TypeSwitchStmt:
		held, _ = w.stmt(s.Init, held)
		held, _ = w.stmt(s.Assign, held)
		return w.clauses(s.Body, held)
	case *ast.SelectStmt:
		if len(s.Body.List) == 1 {
			if cc := s.Body.List[0].(*ast.CommClause); cc.Comm != nil {
				// A select with one case is its communication.
				held, _ = w.stmt(cc.Comm, held)
				return w.block(cc.Body, held)
			}
		}
		w.visit(s, held)
		return w.clauses(s.Body, held)
	case *ast.ReturnStmt:
		for _, r := range s.Results {
			held = w.expr(r, held)
		}
		return held, true
	case *ast.BranchStmt:
		return held, true
	case *ast.GoStmt:
		w.visit(s, held)
		for _, a := range s.Call.Args {
			held = w.expr(a, held)
		}
		return held, false
	case *ast.DeferStmt:
		w.visit(s, held)
		return held, false
	case *ast.ExprStmt:
		held = w.expr(s.X, held)
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok && IsBuiltin(w.info, call.Fun, "panic") {
			return held, true
		}
		return held, false
	default:
		return w.expr(s, held), false
	}
}

// clauses walks the case clauses of a switch or select; exactly one runs,
// or none for a switch without default.
func (w *lockWalker) clauses(body *ast.BlockStmt, held []Lock) ([]Lock, bool) {
	var outs [][]Lock
	var ends []bool
	hasDefault := false
	isSelect := false
	for _, c := range body.List {
		var stmts []ast.Stmt
		switch c := c.(type) {
		case *ast.CaseClause:
			if c.List == nil {
				hasDefault = true
			}
			h := held
			for _, e := range c.List {
				h = w.expr(e, h)
			}
			out, end := w.block(c.Body, h)
			outs, ends = append(outs, out), append(ends, end)
			continue
		case *ast.CommClause:
			isSelect = true
			stmts = c.Body
		}
		out, end := w.block(stmts, held)
		outs, ends = append(outs, out), append(ends, end)
	}
	if !isSelect && !hasDefault {
		outs, ends = append(outs, held), append(ends, false)
	}
	return merge(outs, ends)
}

// expr visits the nodes of n in order, applying the effect of Lock and
// Unlock calls, and returns the locks held after n.
func (w *lockWalker) expr(n ast.Node, held []Lock) []Lock {
	if n == nil {
		return held
	}
	ast.Inspect(n, func(x ast.Node) bool {
		if x == nil {
			return false
		}
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		w.visit(x, held)
		if call, ok := x.(*ast.CallExpr); ok {
			if mu, obj, lock, read, ok := lockOp(w.info, call); ok {
				if lock {
					held = append(slices.Clip(held), Lock{Expr: mu, Pos: call.Pos(), Read: read, Obj: obj})
				} else {
					held = slices.DeleteFunc(slices.Clone(held), func(l Lock) bool { return l.Expr == mu && l.Read == read })
				}
			}
		}
		return true
	})
	return held
}

// merge combines the lock sets at the ends of alternative paths: a lock is
// held after them if every path that falls through holds it.
func merge(outs [][]Lock, ends []bool) ([]Lock, bool) {
	var result []Lock
	first := true
	for i, out := range outs {
		if ends[i] {
			continue
		}
		if first {
			result, first = out, false
		} else {
			result = intersect(result, out)
		}
	}
	return result, first // first still set: every path ended
}

func intersect(a, b []Lock) []Lock {
	var out []Lock
	for _, l := range a {
		if slices.ContainsFunc(b, func(m Lock) bool { return m.Expr == l.Expr && m.Read == l.Read }) {
			out = append(out, l)
		}
	}
	return out
}

// LocksIn reports which mutexes fn — a function declaration or literal,
// with the literals inside it — locks, directly or through the functions of
// this package it calls.
func (ix *Index) LocksIn(fn ast.Node) map[types.Object]bool {
	if d, ok := fn.(*ast.FuncDecl); ok {
		if f, ok := ix.info.Defs[d.Name].(*types.Func); ok {
			return ix.locksOf(f, make(map[*types.Func]bool))
		}
	}
	return ix.locksInNode(fn, make(map[*types.Func]bool), everything)
}

func (ix *Index) locksOf(fn *types.Func, visiting map[*types.Func]bool) map[types.Object]bool {
	if ix.locking == nil {
		ix.locking = make(map[*types.Func]map[types.Object]bool)
	}
	if m, ok := ix.locking[fn]; ok {
		return m
	}
	d := ix.decls[fn]
	if d == nil || visiting[fn] {
		return nil // recursion: the outer call collects the rest
	}
	visiting[fn] = true
	m := ix.locksInNode(d, visiting, everything)
	delete(visiting, fn)
	ix.locking[fn] = m
	return m
}

// locksInNode collects the mutexes n locks, through its calls too, within
// the limits of scan.
func (ix *Index) locksInNode(n ast.Node, visiting map[*types.Func]bool, scan lockScan) map[types.Object]bool {
	m := make(map[types.Object]bool)
	ast.Inspect(n, func(x ast.Node) bool {
		if x == nil || x.Pos() >= scan.before {
			return false
		}
		if scan.ownBody {
			switch x.(type) {
			case *ast.FuncLit, *ast.DeferStmt:
				return false
			}
		}
		call, ok := x.(*ast.CallExpr)
		if !ok {
			return true
		}
		if _, obj, lock, _, ok := lockOp(ix.info, call); ok {
			if lock && obj != nil {
				m[obj] = true
			}
			return true
		}
		if callee := typeutil.StaticCallee(ix.info, call); callee != nil && ix.decls[callee.Origin()] != nil {
			for obj := range ix.locksOf(callee.Origin(), visiting) {
				m[obj] = true
			}
		}
		return true
	})
	return m
}

// LocksBefore reports which mutexes the goroutine running op may hold, or
// wait for, before op happens: those locked (directly or through calls)
// earlier in op's function — or anywhere in it, when op comes round again
// (it is in a loop, or its function is called from one) or runs last (a
// deferred call). A mutex locked only after op cannot stop op.
func (ix *Index) LocksBefore(op *Op) map[types.Object]bool {
	fn := op.Func()
	if op.Loop() != nil || op.Deferred() {
		return ix.LocksIn(fn)
	}
	if d, ok := fn.(*ast.FuncDecl); ok {
		if f, ok := ix.info.Defs[d.Name].(*types.Func); ok && ix.looped[f] {
			return ix.LocksIn(fn)
		}
	}
	_, body := FuncParts(fn)
	if body == nil {
		return nil
	}
	return ix.locksInNode(body, make(map[*types.Func]bool), lockScan{before: op.Node.Pos(), ownBody: true})
}

// lockScan limits locksInNode: to code before a position and, with
// ownBody, to the function's own statements (not its function literals
// and deferred calls, which run at other times).
type lockScan struct {
	before  token.Pos
	ownBody bool
}

// everything is the lockScan without limits.
var everything = lockScan{before: token.Pos(math.MaxInt)}
