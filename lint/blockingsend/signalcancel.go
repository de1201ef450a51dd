package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/model"
)

// A cancel called only once the process has been told to stop — after a
// receive from a channel of os.Signal, which only signal.Notify feeds —
// ends its context no sooner than signal.NotifyContext would, and such a
// context is taken to end only as the program does (see ctxOrigin). The
// hand-written form is common in mains:
//
//	ctx, cancel := context.WithCancel(context.Background())
//	go func() { <-sigs; cancel() }()
//
// or, as sorintlab/stolon writes it, go sigHandler(sigs, cancel) with a
// handler that calls cancel after <-sigs. A cancel called after a
// server's Serve has returned (go func() { srv.ListenAndServe(); cancel()
// }(), see serveCalls) is the same: the server stops only as the program
// does, or fails to start.

// signalOnly reports whether the use of cancel at the end of stack (the
// nodes from the function body down to the identifier) calls it only once
// the process is stopping: a call cancel() after a receive from a signal
// channel (or in the select case of one) or after a serving call, in the
// same function; or cancel handed to a function of the package that
// calls its parameter only so.
func (c *checker) signalOnly(stack []ast.Node) bool {
	n := len(stack)
	if n < 2 {
		return false
	}
	id := stack[n-1]
	switch p := stack[n-2].(type) {
	case *ast.CallExpr:
		if p.Fun == id && len(p.Args) == 0 {
			return c.afterStop(stack)
		}
		if i := slices.IndexFunc(p.Args, func(a ast.Expr) bool { return a == id }); i >= 0 {
			return c.paramSignalOnly(p, i)
		}
	}
	return false
}

// afterStop reports whether the call at the end of stack comes, in its
// own function, after a statement that waits for a signal or for a server
// to stop: an earlier statement of a block that holds it, or the
// communication of the select case that holds it.
func (c *checker) afterStop(stack []ast.Node) bool {
	at := stack[len(stack)-1].Pos()
	for i := len(stack) - 2; i >= 0; i-- {
		switch s := stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.CommClause:
			if s.Comm != nil && c.waitsForStop(s.Comm) {
				return true
			}
		}
		list, _ := model.StmtList(stack[i])
		for _, st := range list {
			if st.Pos() < at && c.waitsForStop(st) {
				return true
			}
		}
	}
	return false
}

// waitsForStop reports whether the statement st, taken on its own,
// receives from a channel of os.Signal (<-sigs, s := <-sigs) or calls a
// serving call (srv.ListenAndServe(), err := srv.Serve(l), or either in
// an if's init or condition).
func (c *checker) waitsForStop(st ast.Stmt) bool {
	var exprs []ast.Expr
	switch s := st.(type) {
	case *ast.ExprStmt:
		exprs = []ast.Expr{s.X}
	case *ast.AssignStmt:
		exprs = s.Rhs
	case *ast.IfStmt:
		if s.Init != nil && c.waitsForStop(s.Init) {
			return true
		}
		exprs = []ast.Expr{s.Cond}
	}
	for _, e := range exprs {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.ARROW && isSignalChan(c.p.Info.TypeOf(u.X)) {
			return true
		}
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if c.serves(call) {
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// paramSignalOnly reports whether call hands its argument i to a function
// of the package whose body uses that parameter only to call it once the
// process is stopping (see afterStop).
func (c *checker) paramSignalOnly(call *ast.CallExpr, i int) bool {
	f := c.p.FuncValue(call.Fun)
	if f == nil || f.Body() == nil || f.Sig.Variadic() {
		return false
	}
	params := f.Params()
	if f.Sig.Recv() != nil && len(params) > 0 {
		params = params[1:]
	}
	if i >= len(params) {
		return false
	}
	param := params[i]
	uses, only := 0, true
	var stack []ast.Node
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		if id, ok := n.(*ast.Ident); ok && c.p.Info.Uses[id] == param {
			uses++
			call, isCall := stack[len(stack)-2].(*ast.CallExpr)
			if !isCall || call.Fun != id || !c.afterStop(stack) {
				only = false
			}
		}
		return only
	})
	return only && uses > 0
}

// isSignalChan reports whether t is a channel of os.Signal.
func isSignalChan(t types.Type) bool {
	ch, ok := types.Unalias(t).Underlying().(*types.Chan)
	if !ok {
		return false
	}
	n, ok := types.Unalias(ch.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "os" && n.Obj().Name() == "Signal"
}
