package blockingsend

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// lostCancels reports a wait, outside any select, on ctx.Done() of a
// context nothing can end: every value the context can hold is either one
// nothing ends (context.Background(), see ctxOrigin) or made by
// context.WithCancel from such a one, and that cancel is called only in
// code that never runs — a function nothing in the package calls and
// nothing out of sight can (see model.Func.Open) — or only after the wait,
// by the waiting goroutine itself (a close it calls once Done fires). The
// cancel that would end the wait is lost, and the goroutine waits for
// good with everything it holds: a transaction's watcher whose Rollback
// nobody calls, a watcher that cancels its own context once it is done.
//
// Every step must be in sight: a context or cancel kept in a field others
// can reach, handed to a function, or assigned where the check cannot
// follow, ends the search with no finding.
func (c *checker) lostCancels() {
	for _, op := range c.p.Ops {
		if op.Kind != model.Recv || !op.Bare() || c.reported[op.Node] || op.Func == nil || model.IsTestFunc(op.Func) || c.p.InTest(op.Node.Pos()) {
			continue
		}
		done, ok := ast.Unparen(op.Chan).(*ast.CallExpr)
		if !ok || !concur.IsCtxDone(c.p.Info, done) {
			continue
		}
		sel, ok := ast.Unparen(done.Fun).(*ast.SelectorExpr)
		if !ok {
			continue // a method value called: out of sight
		}
		l := &lostCancel{c: c, wait: op, following: make(map[types.Object]bool), onlyAfter: make(map[*model.Func]bool)}
		if !c.p.Runs(op.Func) {
			continue // a wait that never runs strands nothing
		}
		if !l.neverEnds(sel.X, 0) || len(l.makes) == 0 {
			continue
		}
		var related []analysis.RelatedInformation
		for _, m := range l.makes {
			related = append(related, analysis.RelatedInformation{Pos: m.Pos(), Message: "the context is made here, from one nothing ends"})
		}
		for _, call := range l.cancels {
			related = append(related, analysis.RelatedInformation{Pos: call.at.Pos(), Message: "its cancel, called only " + call.why})
		}
		where := "nowhere"
		if len(l.cancels) > 0 {
			where = "only " + l.cancels[0].why
		}
		c.report(op.Node, analysis.Diagnostic{
			Pos: op.Node.Pos(),
			Message: fmt.Sprintf("receive from %s blocks forever: the context comes from context.WithCancel (line %d) of a context nothing ends, and its cancel is called %s; call the cancel where the work ends, or wait on a context that ends",
				exprText(op.Chan), c.p.Fset.Position(l.makes[0].Pos()).Line, where),
			Related: related,
		})
	}
}

// A lostCancel follows one wait's context back to where its values come
// from.
type lostCancel struct {
	c         *checker
	wait      *model.Op
	following map[types.Object]bool // variables and fields being followed: met again, they add nothing
	onlyAfter map[*model.Func]bool  // see onlyAfterWait
	makes     []*ast.CallExpr       // the WithCancel calls found
	cancels   []cancelCall
}

// A cancelCall is a call of a lost cancel and why it cannot end the wait.
type cancelCall struct {
	at  ast.Node
	why string
}

const maxLostDepth = 8

// neverEnds reports whether the context e can hold only values nothing
// ends (see lostCancels).
func (l *lostCancel) neverEnds(e ast.Expr, depth int) bool {
	if depth > maxLostDepth {
		return false
	}
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		o, _ := l.c.ctxOrigin(call)
		return o == handed
	}
	v := l.inSight(e)
	if v == nil {
		return false
	}
	if l.following[v] {
		return true // a cycle adds no value
	}
	l.following[v] = true
	values, ok := l.valuesOf(v)
	if !ok || len(values) == 0 {
		return false
	}
	for _, val := range values {
		if !l.valueNeverEnds(val, depth+1) {
			return false
		}
	}
	return true
}

// inSight returns the variable or field e names when the package alone
// can use it: a local variable or parameter (e, or what it is defined as,
// for a left-hand side), or an unexported field (any field in package
// main); nil for anything else.
func (l *lostCancel) inSight(e ast.Expr) *types.Var {
	p := l.c.p
	var v *types.Var
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, _ = p.Info.ObjectOf(e).(*types.Var)
	case *ast.SelectorExpr:
		v, _ = p.Info.Uses[e.Sel].(*types.Var)
		if v != nil && !v.IsField() {
			return nil
		}
	}
	if v == nil || v.Pkg() != p.Pkg || v.Parent() == v.Pkg().Scope() || v.IsField() && p.Reachable(v) {
		return nil
	}
	return v
}

// usesRoots returns the syntax that holds every use of v (see inSight):
// the body of its function for a local variable, every file for a field.
func (l *lostCancel) usesRoots(v *types.Var) []ast.Node {
	if !v.IsField() {
		if f := l.c.p.FuncAt(v.Pos()); f != nil && f.Body() != nil {
			return []ast.Node{f.Body()}
		}
		return nil
	}
	roots := make([]ast.Node, len(l.c.p.Files))
	for i, f := range l.c.p.Files {
		roots[i] = f
	}
	return roots
}

// A ctxValue is a value stored in a context variable or field: an
// expression, or the context result of a WithCancel assignment.
type ctxValue struct {
	expr   ast.Expr
	assign *ast.AssignStmt // set for ctx, cancel = context.WithCancel(parent)
}

func (l *lostCancel) valueNeverEnds(val ctxValue, depth int) bool {
	if val.assign == nil {
		return l.neverEnds(val.expr, depth)
	}
	call := ast.Unparen(val.assign.Rhs[0]).(*ast.CallExpr)
	if !l.neverEnds(call.Args[0], depth) || !l.cancelLost(val.assign.Lhs[1], depth) {
		return false
	}
	l.makes = append(l.makes, call)
	return true
}

// valuesOf returns every value the package stores in v: the arguments
// its function's calls pass, for a parameter, and what assignments and
// composite literals put there. ok is false when some value is out of
// sight.
func (l *lostCancel) valuesOf(v *types.Var) (values []ctxValue, ok bool) {
	p := l.c.p
	info := p.Info
	if !v.IsField() {
		decl := p.FuncAt(v.Pos())
		if decl == nil || decl.Body() == nil {
			return nil, false
		}
		if i := paramIndex(decl, v); i >= 0 {
			if decl.Open() || len(decl.Callers) == 0 {
				return nil, false
			}
			for _, call := range decl.Callers {
				if i >= len(call.Expr.Args) {
					return nil, false
				}
				values = append(values, ctxValue{expr: call.Expr.Args[i]})
			}
		}
	}
	ok = true
	assigned := func(x ast.Expr) bool {
		switch x := ast.Unparen(x).(type) {
		case *ast.Ident:
			return info.ObjectOf(x) == v
		case *ast.SelectorExpr:
			return info.Uses[x.Sel] == v
		}
		return false
	}
	for _, root := range l.usesRoots(v) {
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if !assigned(lhs) {
						continue
					}
					switch {
					case len(n.Rhs) == len(n.Lhs):
						values = append(values, ctxValue{expr: n.Rhs[i]})
					case i == 0 && len(n.Lhs) == 2 && len(n.Rhs) == 1 && isWithCancel(info, n.Rhs[0]):
						values = append(values, ctxValue{assign: n})
					default:
						ok = false
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if info.Defs[id] == v {
						if len(n.Values) != len(n.Names) {
							ok = false
						} else {
							values = append(values, ctxValue{expr: n.Values[i]})
						}
					}
				}
			case *ast.CompositeLit:
				for _, el := range n.Elts {
					if kv, isKV := el.(*ast.KeyValueExpr); isKV {
						if id, isID := kv.Key.(*ast.Ident); isID && info.Uses[id] == v {
							values = append(values, ctxValue{expr: kv.Value})
						}
					} else if v.IsField() && sameStruct(info.TypeOf(n), v) {
						ok = false // set by position
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND && assigned(n.X) {
					ok = false // its address is taken
				}
			case *ast.RangeStmt:
				if assigned(n.Key) || n.Value != nil && assigned(n.Value) {
					ok = false
				}
			}
			return ok
		})
	}
	return values, ok
}

// cancelLost reports whether the cancel stored in dst (the second result
// of a WithCancel assignment) can be called only where it cannot end the
// wait, recording those calls.
func (l *lostCancel) cancelLost(dst ast.Expr, depth int) bool {
	if id, ok := ast.Unparen(dst).(*ast.Ident); ok && id.Name == "_" {
		return true
	}
	v := l.inSight(dst)
	if v == nil {
		return false
	}
	if l.following[v] {
		return true
	}
	l.following[v] = true
	info := l.c.p.Info
	lost := true
	for _, root := range l.usesRoots(v) {
		ast.PreorderStack(root, nil, func(n ast.Node, stack []ast.Node) bool {
			if !lost {
				return false
			}
			var use ast.Expr
			switch n := n.(type) {
			case *ast.Ident:
				if info.Uses[n] != v {
					return true
				}
				use = n
				if sel, ok := stack[len(stack)-1].(*ast.SelectorExpr); ok && sel.Sel == n {
					return true // the selector, its parent, is the use
				}
			case *ast.SelectorExpr:
				if info.Uses[n.Sel] != v {
					return true
				}
				use = n
			default:
				return true
			}
			lost = l.cancelUseLost(use, stack, depth)
			return false
		})
	}
	return lost
}

// cancelUseLost reports whether one use of a cancel, with the nodes above
// it, cannot end the wait: a write of the variable or field, a key of a
// composite literal, its value stored in another variable or field whose
// cancel is lost too, or a call made where it cannot end the wait.
func (l *lostCancel) cancelUseLost(use ast.Expr, stack []ast.Node, depth int) bool {
	parent := stack[len(stack)-1]
	switch parent := parent.(type) {
	case *ast.AssignStmt:
		for i, lhs := range parent.Lhs {
			if lhs == use {
				return true // a write
			}
			if i < len(parent.Rhs) && parent.Rhs[i] == use && len(parent.Lhs) == len(parent.Rhs) {
				return l.cancelLost(lhs, depth+1)
			}
		}
	case *ast.KeyValueExpr:
		if parent.Key == use {
			return true
		}
		if id, ok := parent.Key.(*ast.Ident); ok && parent.Value == use {
			return l.cancelLost(id, depth+1)
		}
	case *ast.CallExpr:
		if parent.Fun == use && len(stack) >= 2 {
			if _, deferred := stack[len(stack)-2].(*ast.DeferStmt); deferred {
				return false
			}
			return l.callLost(parent)
		}
	}
	return false
}

// callLost reports whether the call of a cancel runs only where it cannot
// end the wait, and records why.
func (l *lostCancel) callLost(call *ast.CallExpr) bool {
	in := l.c.p.FuncAt(call.Pos())
	if in == nil {
		return false
	}
	if l.afterWait(in, call) {
		l.cancels = append(l.cancels, cancelCall{call, fmt.Sprintf("after this wait (in %s)", funcName(in.Node()))})
		return true
	}
	if !l.c.p.Runs(in) {
		why := "nothing calls it"
		if len(in.Callers) > 0 {
			why = "only code that never runs calls it"
		}
		l.cancels = append(l.cancels, cancelCall{call, fmt.Sprintf("in code that never runs (%s: %s)", funcName(in.Node()), why)})
		return true
	}
	if l.onlyAfterWait(in) {
		l.cancels = append(l.cancels, cancelCall{call, fmt.Sprintf("after this wait (in %s, which runs only then)", funcName(in.Node()))})
		return true
	}
	return false
}

// afterWait reports whether n, in f, runs only after the wait: f is the
// function waiting, the wait is a statement of its body itself (not in a
// branch or loop, and the body has no labels to jump back to), and n lies
// in a later statement of that body.
func (l *lostCancel) afterWait(f *model.Func, n ast.Node) bool {
	if f != l.wait.Func {
		return false
	}
	body := f.Body()
	waitAt := -1
	for i, s := range body.List {
		if _, labeled := s.(*ast.LabeledStmt); labeled {
			return false
		}
		if es, ok := s.(*ast.ExprStmt); ok && es.X == l.wait.Node {
			waitAt = i
		}
		if waitAt >= 0 && i > waitAt && s.Pos() <= n.Pos() && n.End() <= s.End() {
			return true
		}
	}
	return false
}

// onlyAfterWait reports whether f runs only after the wait: nothing out of
// sight can call it, and each call of the package runs after it, or in a
// function that runs only after it or never. Each function is settled
// once per wait; one met again while it is being settled (a recursion) is
// taken to run at any time.
func (l *lostCancel) onlyAfterWait(f *model.Func) bool {
	if only, ok := l.onlyAfter[f]; ok {
		return only
	}
	l.onlyAfter[f] = false
	if f.Open() || f.Lit != nil || len(f.Callers) == 0 || l.c.p.InTest(f.Node().Pos()) {
		return false
	}
	for _, call := range f.Callers {
		if call.In == nil || call.Go {
			return false
		}
		if !l.afterWait(call.In, call.Expr) && l.c.p.Runs(call.In) && !l.onlyAfterWait(call.In) {
			return false
		}
	}
	l.onlyAfter[f] = true
	return true
}

// isWithCancel reports whether e calls context.WithCancel (or
// WithCancelCause): the context it returns ends only when its cancel is
// called or its parent ends.
func isWithCancel(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || !concur.Is(info, call, concur.Derive) {
		return false
	}
	fn := concur.Callee(info, call)
	return fn != nil && strings.HasPrefix(fn.Name(), "WithCancel")
}

// paramIndex returns the index, among f's call arguments, of its parameter
// v (the receiver is not one); -1 if v is not one.
func paramIndex(f *model.Func, v *types.Var) int {
	params := f.Sig.Params()
	for i := range params.Len() {
		if params.At(i) == v {
			if f.Sig.Variadic() && i == params.Len()-1 {
				return -1
			}
			return i
		}
	}
	return -1
}

// sameStruct reports whether t is (a pointer to) the struct that declares
// the field v.
func sameStruct(t types.Type, field *types.Var) bool {
	if t == nil {
		return false
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	s, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range s.NumFields() {
		if s.Field(i) == field {
			return true
		}
	}
	return false
}
