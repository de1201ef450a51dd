package flow

import (
	"go/ast"
	"go/types"

	"github.com/leash-go/leash/lint/internal/concur"
	"golang.org/x/tools/go/types/typeutil"
)

// IsCancel reports whether a receive from e tells a goroutine to stop:
// e is ctx.Done(), or a channel that is only ever closed, never sent on — a
// done channel. A chan struct{} the package never sends on counts too (it
// is closed elsewhere); one it sends on is a semaphore or an event stream,
// not a done channel.
func (ix *Index) IsCancel(e ast.Expr) bool {
	if concur.IsCtxDone(ix.info, e) {
		return true
	}
	t := ix.info.TypeOf(e)
	if t == nil {
		return false
	}
	if _, ok := t.Underlying().(*types.Chan); !ok {
		return false
	}
	key := ix.Key(e)
	if key == nil {
		return concur.IsDoneChan(t)
	}
	closed, sent := false, false
	for _, op := range ix.OpsOf(key) {
		switch op.Kind {
		case Close:
			closed = true
		case Send:
			sent = true
		}
	}
	if sent {
		return false
	}
	return closed || concur.IsDoneChan(t)
}

// IsTimer reports whether e is a channel of time.Time: time.After,
// time.Tick, a Timer's or Ticker's C. A receive from it ends on its own.
func (ix *Index) IsTimer(e ast.Expr) bool {
	t := ix.info.TypeOf(e)
	if t == nil {
		return false
	}
	ch, ok := t.Underlying().(*types.Chan)
	return ok && concur.IsNamed(ch.Elem(), "time", "Time")
}

// CancelCase returns the first case of sel that receives from a cancel
// signal (see IsCancel), or nil.
func (ix *Index) CancelCase(sel *ast.SelectStmt) *ast.CommClause {
	for _, s := range sel.Body.List {
		cc := s.(*ast.CommClause)
		if ch := RecvChan(cc.Comm); ch != nil && ix.IsCancel(ch) {
			return cc
		}
	}
	return nil
}

// RecvChan returns the channel a select case's communication receives
// from, or nil for a send case or default.
func RecvChan(comm ast.Stmt) ast.Expr {
	var x ast.Expr
	switch c := comm.(type) {
	case *ast.ExprStmt:
		x = c.X
	case *ast.AssignStmt:
		if len(c.Rhs) == 1 {
			x = c.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(x).(*ast.UnaryExpr); ok && u.Op.String() == "<-" {
		return u.X
	}
	return nil
}

// LeavingCase returns a case of op's select, other than op's own, that can
// end the wait without op happening and then stop waiting for it: a case
// (or default) whose body leaves — return, panic, goto, a labelled break —
// or, for a select no loop repeats, any other case unless the function
// receives from the channel again after the select (it still takes the
// value, only later). It returns nil when op is not a select case or no
// such case exists.
func (ix *Index) LeavingCase(op *Op) *ast.CommClause {
	own, sel := op.Case()
	if own == nil {
		return nil
	}
	looped := false
	for i := len(op.path) - 1; i >= 0; i-- {
		if op.path[i] == sel {
			looped = inLoop(op.path[:i+1])
			break
		}
	}
	later := false // the channel is received from again after the select
	for _, other := range ix.OpsOf(op.Key) {
		if (other.Kind == Recv || other.Kind == Range) && other.Func() == op.Func() && other.Node.Pos() > sel.End() {
			later = true
		}
	}
	for _, s := range sel.Body.List {
		cc := s.(*ast.CommClause)
		if cc == own {
			continue
		}
		switch {
		case Leaves(cc.Body):
			return cc
		case !looped && !later:
			return cc
		}
	}
	return nil
}

// inLoop reports whether the last node of path is inside the body of a for
// or range statement of its own function.
func inLoop(path []ast.Node) bool {
	for i := len(path) - 2; i >= 0; i-- {
		switch n := path[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return false
		case *ast.ForStmt:
			if n.Body == path[i+1] {
				return true
			}
		case *ast.RangeStmt:
			if n.Body == path[i+1] {
				return true
			}
		}
	}
	return false
}

// Leaves reports whether stmts contain a way out of an enclosing loop:
// return, goto, a labelled break, or a call of panic. Function literals are
// not looked into.
func Leaves(stmts []ast.Stmt) bool {
	found := false
	for _, s := range stmts {
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				found = true
			case *ast.BranchStmt:
				if n.Tok.String() == "goto" || (n.Tok.String() == "break" && n.Label != nil) {
					found = true
				}
			case *ast.CallExpr:
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "panic" {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// Terminates reports whether stmts end in a statement after which the
// function does not go on: return, panic, goto, or a call that never
// returns (os.Exit, log.Fatal, runtime.Goexit, t.Fatal and their kin).
func Terminates(info *types.Info, stmts []ast.Stmt) bool {
	if len(stmts) == 0 {
		return false
	}
	switch s := stmts[len(stmts)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok.String() == "goto"
	case *ast.BlockStmt:
		return Terminates(info, s.List)
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		return ok && noReturn(info, call)
	}
	return false
}

// noReturn reports whether call never returns.
func noReturn(info *types.Info, call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			return b.Name() == "panic"
		}
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "os":
		return fn.Name() == "Exit"
	case "runtime":
		return fn.Name() == "Goexit"
	case "log":
		switch fn.Name() {
		case "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln":
			return true
		}
	case "testing":
		switch fn.Name() {
		case "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow":
			return true
		}
	}
	return false
}
