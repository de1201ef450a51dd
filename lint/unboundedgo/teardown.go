package unboundedgo

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/model"
)

// teardownVerbs are the words that name stopping something, or waiting
// for it: a method whose name starts or ends with one of them (Stop,
// Close, gracefulStop, WaitForReady, drainWait) ends or awaits the
// element it is called on.
var teardownVerbs = map[string]bool{
	"stop": true, "close": true, "shutdown": true, "kill": true, "cancel": true,
	"wait": true, "terminate": true, "destroy": true,
}

// isTeardownName reports whether a method name starts or ends with a
// teardown verb.
func isTeardownName(name string) bool {
	w := words(name)
	return len(w) > 0 && (teardownVerbs[w[0]] || teardownVerbs[w[len(w)-1]])
}

// tearsDown reports whether a goroutine started per element of loop only
// stops or waits for what already exists, rather than doing a piece of
// work per element:
//
//   - the first call that involves the element, deferred calls aside, is
//     a method of it that stops or awaits it (l.stop(), w.Close(),
//     tr.Kill(ctx, ev), m.WaitForFirstFingerprint(ctx)), as in
//     `go w.Stop()`, `g.Go(b.Close)` and `go func(l *loop) { l.stop() }(l)`
//     — not `defer f.Close(); io.Copy(dst, f)`, which works on f first;
//   - or it does nothing but wait for a signal and pass it on (selects and
//     receives, sends, close, Done).
//
// Such a fan-out adds no load downstream: the elements — loops, tasks,
// plugins, processes — already exist, each with its own goroutine or
// resources, and stopping or awaiting them all at once is how a program
// bounds its shutdown time by the slowest rather than by their sum. A
// limit would serialise the shutdown, or, for waiters that must all wait
// at once, change what the code does.
func tearsDown(info *types.Info, ix *model.Program, s *model.Spawn, loop ast.Stmt) bool {
	el := elementsOf(info, loop, s.Node())
	// go w.Stop(), g.Go(b.Close): the method itself is what runs.
	if sel, ok := ast.Unparen(s.Fn).(*ast.SelectorExpr); ok && el.rooted(sel.X) && isMethod(info, sel) {
		return isTeardownName(sel.Sel.Name)
	}
	if s.Func == nil || s.Func.Body() == nil {
		return false
	}
	// go func(l loop) {...}(l), go tm.process(script): parameters bound to
	// the element are the element too.
	if s.Go != nil {
		params := paramVars(info, s.Func.Type())
		for i, a := range s.Args {
			if i < len(params) && params[i] != nil && el.rooted(a) {
				el.objs[params[i]] = true
			}
		}
	}
	body := s.Func.Body()
	if waitsOnly(info, body.List) {
		return true
	}
	name, ok := firstMethodOn(info, el, body)
	return ok && isTeardownName(name)
}

// elements is the set of variables that stand for the current element of
// a loop: its key and value (or the index of a counting loop), and locals
// derived from them in the loop's body (w, ok := ws[i].(T)).
type elements struct {
	info *types.Info
	objs map[types.Object]bool
}

func elementsOf(info *types.Info, loop ast.Stmt, spawn ast.Node) *elements {
	el := &elements{info: info, objs: make(map[types.Object]bool)}
	add := func(e ast.Expr) {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			if obj := info.ObjectOf(id); obj != nil {
				el.objs[obj] = true
			}
		}
	}
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.RangeStmt:
		add(l.Key)
		add(l.Value)
		body = l.Body
	case *ast.ForStmt:
		if as, ok := l.Init.(*ast.AssignStmt); ok {
			for _, lhs := range as.Lhs {
				add(lhs)
			}
		}
		body = l.Body
	}
	if body == nil {
		return el
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || n.Pos() >= spawn.Pos() {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if as, ok := n.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			if len(as.Rhs) == 1 && el.rooted(as.Rhs[0]) {
				for _, lhs := range as.Lhs {
					add(lhs)
				}
			} else if len(as.Rhs) == len(as.Lhs) {
				for i, rhs := range as.Rhs {
					if el.rooted(rhs) {
						add(as.Lhs[i])
					}
				}
			}
		}
		return true
	})
	return el
}

// rooted reports whether e is the element or reached from it: w, w.conn,
// ws[i] for an element index i, *w, w.(T).
func (el *elements) rooted(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return el.objs[el.info.ObjectOf(e)]
	case *ast.SelectorExpr:
		return el.rooted(e.X)
	case *ast.IndexExpr:
		return el.rooted(e.X) || el.rooted(e.Index)
	case *ast.StarExpr:
		return el.rooted(e.X)
	case *ast.TypeAssertExpr:
		return el.rooted(e.X)
	case *ast.UnaryExpr:
		return e.Op == token.AND && el.rooted(e.X)
	}
	return false
}

// firstMethodOn returns the name of the method of the first call, in
// source order, that involves the element: a method called on it, or ""
// when the element is handed to another function (io.Copy(dst, f) works on
// f). Deferred calls and function literals run later and are not looked
// into. found is false when no call involves the element.
func firstMethodOn(info *types.Info, el *elements, body *ast.BlockStmt) (name string, found bool) {
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && el.rooted(sel.X) && isMethod(info, sel) {
				name, found = sel.Sel.Name, true
			} else if slices.ContainsFunc(n.Args, el.rooted) {
				found = true
			}
		}
		return !found
	})
	return name, found
}

// isMethod reports whether sel selects a method (not a field holding a
// function, not a package-level function).
func isMethod(info *types.Info, sel *ast.SelectorExpr) bool {
	s, ok := info.Selections[sel]
	return ok && (s.Kind() == types.MethodVal || s.Kind() == types.MethodExpr)
}

// paramVars returns the parameters of a signature in order (nil for
// unnamed ones).
func paramVars(info *types.Info, ft *ast.FuncType) []types.Object {
	var out []types.Object
	if ft == nil || ft.Params == nil {
		return nil
	}
	for _, f := range ft.Params.List {
		if len(f.Names) == 0 {
			out = append(out, nil)
		}
		for _, id := range f.Names {
			out = append(out, info.Defs[id])
		}
	}
	return out
}

// waitsOnly reports whether stmts do nothing but wait for a signal and
// pass it on: receives, selects whose clauses do the same, sends, close,
// Done calls and returns — with at least one wait among them.
func waitsOnly(info *types.Info, stmts []ast.Stmt) bool {
	waits := false
	var only func(stmts []ast.Stmt) bool
	only = func(stmts []ast.Stmt) bool {
		for _, st := range stmts {
			switch st := st.(type) {
			case *ast.EmptyStmt:
			case *ast.SendStmt:
				if !noWork(info, st.Chan) || !noWork(info, st.Value) {
					return false
				}
			case *ast.ReturnStmt:
				if len(st.Results) > 0 {
					return false
				}
			case *ast.ExprStmt:
				if isReceive(st.X) && noWork(info, st.X) {
					waits = true
				} else if !isSignalCall(info, st.X) {
					return false
				}
			case *ast.DeferStmt:
				if !isSignalCall(info, st.Call) {
					return false
				}
			case *ast.SelectStmt:
				waits = true
				for _, c := range st.Body.List {
					cc := c.(*ast.CommClause)
					if cc.Comm != nil && !noWorkStmt(info, cc.Comm) || !only(cc.Body) {
						return false
					}
				}
			default:
				return false
			}
		}
		return true
	}
	return only(stmts) && waits
}

func isReceive(e ast.Expr) bool {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	return ok && u.Op == token.ARROW
}

// isSignalCall reports whether e is close(ch) or a Done() call: passing a
// signal on.
func isSignalCall(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	if model.IsBuiltin(info, call.Fun, "close") {
		return true
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && strings.EqualFold(sel.Sel.Name, "done") && len(call.Args) == 0
}

// noWork reports whether evaluating e does no work of its own: it calls
// nothing but Done() and methods named like stopping or waiting
// (ctx.Done(), w.WaitReady()).
func noWork(info *types.Info, e ast.Expr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			ok = false
		case *ast.CallExpr:
			sel, isSel := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !isSel || !isMethod(info, sel) || !(sel.Sel.Name == "Done" || isTeardownName(sel.Sel.Name)) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// noWorkStmt is noWork for a select clause's communication: a send, a
// receive, or a receive assigned to variables.
func noWorkStmt(info *types.Info, st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.SendStmt:
		return noWork(info, st.Chan) && noWork(info, st.Value)
	case *ast.ExprStmt:
		return noWork(info, st.X)
	case *ast.AssignStmt:
		return len(st.Rhs) == 1 && noWork(info, st.Rhs[0])
	}
	return false
}
