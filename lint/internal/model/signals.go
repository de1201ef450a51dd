package model

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
)

// IsCancel reports whether a receive from e tells a goroutine to stop:
// e is ctx.Done(), or a channel that is only ever closed, never sent on —
// a done channel. A chan struct{} the package never sends on counts too
// (it is closed elsewhere); one it sends on is a semaphore or an event
// stream, not a done channel.
func (p *Program) IsCancel(e ast.Expr) bool {
	if concur.IsCtxDone(p.Info, e) {
		return true
	}
	t := p.Info.TypeOf(e)
	if !isChan(t) {
		return false
	}
	sites, _ := p.PointsTo(e)
	if len(sites) == 0 {
		return concur.IsDoneChan(t)
	}
	closed := false
	for _, s := range sites {
		for _, op := range p.OpsOf(s) {
			switch op.Kind {
			case Close:
				closed = true
			case Send:
				return false
			}
		}
	}
	return closed || concur.IsDoneChan(t)
}

// IsTimer reports whether e is a channel of time.Time: time.After,
// time.Tick, a Timer's or Ticker's C. A receive from it ends on its own.
func (p *Program) IsTimer(e ast.Expr) bool {
	t := p.Info.TypeOf(e)
	if t == nil {
		return false
	}
	ch, ok := t.Underlying().(*types.Chan)
	return ok && concur.IsNamed(ch.Elem(), "time", "Time")
}

// RecvChan returns the channel a select case's communication receives
// from, or nil for a send case or default.
func RecvChan(comm ast.Stmt) ast.Expr {
	if u, ok := ast.Unparen(StmtValue(comm)).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u.X
	}
	return nil
}

// CommChan returns the channel of a select case's communication and
// whether it sends; nil for default.
func CommChan(comm ast.Stmt) (ch ast.Expr, send bool) {
	if s, ok := comm.(*ast.SendStmt); ok {
		return s.Chan, true
	}
	return RecvChan(comm), false
}

// CancelCase returns the first case of sel that receives from a cancel
// signal (see IsCancel), or nil.
func (p *Program) CancelCase(sel *ast.SelectStmt) *ast.CommClause {
	for _, s := range sel.Body.List {
		cc := s.(*ast.CommClause)
		if ch := RecvChan(cc.Comm); ch != nil && p.IsCancel(ch) {
			return cc
		}
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
func (p *Program) LeavingCase(op *Op) *ast.CommClause {
	own, sel := op.Case()
	if own == nil {
		return nil
	}
	looped := false
	for i := len(op.path) - 1; i >= 0; i-- {
		if op.path[i] == sel {
			looped = len(loopsAround(op.path[:i])) > 0
			break
		}
	}
	later := false // the channel is received from again after the select
	sites, _ := p.PointsTo(op.Chan)
	for _, s := range sites {
		for _, other := range p.OpsOf(s) {
			if (other.Kind == Recv || other.Kind == Range) && other.Func == op.Func && other.Node.Pos() > sel.End() {
				later = true
			}
		}
	}
	for _, s := range sel.Body.List {
		cc := s.(*ast.CommClause)
		if cc == own {
			continue
		}
		if p.NeverReady(cc.Comm) {
			continue // a case that is never taken is no way out
		}
		switch {
		case p.Leaves(cc.Body, false):
			return cc
		case !looped && !later:
			return cc
		}
	}
	return nil
}

// NeverReady reports whether comm, the communication of a select case,
// receives from a channel that nothing ever sends on or closes: every
// channel it may hold is made in the package, no operation of the package
// sends on it or closes it (nor any function it is handed to), and no code
// out of sight can. Such a case is never taken.
func (p *Program) NeverReady(comm ast.Stmt) bool {
	ch, send := CommChan(comm)
	if ch == nil || send {
		return false
	}
	sites, opaque := p.PointsTo(ch)
	if opaque || len(sites) == 0 {
		return false
	}
	for _, s := range sites {
		if s.Make == nil || p.SendersOutside(s) {
			return false
		}
		for _, op := range p.OpsOf(s) {
			switch op.Kind {
			case Send, Close, Escape:
				return false
			case Pass:
				u, ok := p.ParamUse(op.Call, op.Arg)
				if !ok || u.Escapes {
					return false
				}
				if all := u.Now.Plus(u.Later); all.Sends.Max > 0 || all.Closes.Max > 0 {
					return false
				}
			}
		}
	}
	return true
}

// Leaves reports whether stmts, the body of a select case or a loop, have
// a way out of the statement: return, goto, a labelled break, a call that
// never returns (panic, os.Exit, log.Fatal, ...), and, when loop is set, an
// unlabelled break that is not inside a nested select, switch or loop.
// Function literals are not looked into.
func (p *Program) Leaves(stmts []ast.Stmt, loop bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.leaves(stmts, loop)
}

// leaves is Leaves for code that holds p.mu already: the summaries ask it
// while they compute.
func (p *Program) leaves(stmts []ast.Stmt, loop bool) bool {
	found := false
	var walk func(n ast.Node, nested bool)
	walk = func(n ast.Node, nested bool) {
		ast.Inspect(n, func(x ast.Node) bool {
			if found {
				return false
			}
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				found = true
			case *ast.BranchStmt:
				switch x.Tok {
				case token.GOTO:
					found = true
				case token.BREAK:
					found = x.Label != nil || !nested
				}
			case *ast.SelectStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.ForStmt, *ast.RangeStmt:
				if x != n && !nested {
					walk(x, true)
					return false
				}
			case *ast.CallExpr:
				found = p.noReturn(x)
			}
			return !found
		})
	}
	for _, s := range stmts {
		walk(s, !loop)
	}
	return found
}

// NoReturn reports whether call never returns: panic, or a function the
// ctrlflow pass knows never to return (os.Exit, log.Fatal, t.FailNow and
// whatever calls them on every path, in this package or, through its
// facts, in others).
func (p *Program) NoReturn(call *ast.CallExpr) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.noReturn(call)
}

// noReturn is NoReturn for code that holds p.mu.
func (p *Program) noReturn(call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := p.Info.Uses[id].(*types.Builtin); ok {
			return b.Name() == "panic"
		}
	}
	fn, ok := p.Info.Uses[calleeIdent(call)].(*types.Func)
	if !ok {
		return false
	}
	if p.cfgs == nil {
		panic("model: NoReturn needs model.Analyzer, not model.Syntax")
	}
	return p.cfgs.NoReturn(fn.Origin())
}

func calleeIdent(call *ast.CallExpr) *ast.Ident {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f
	case *ast.SelectorExpr:
		return f.Sel
	case *ast.IndexExpr:
		return calleeIdent(&ast.CallExpr{Fun: f.X})
	}
	return nil
}

// Terminates reports whether stmts end in a statement after which the
// function does not go on: return, goto, or a call that never returns.
func (p *Program) Terminates(stmts []ast.Stmt) bool {
	if len(stmts) == 0 {
		return false
	}
	switch s := stmts[len(stmts)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.GOTO
	case *ast.BlockStmt:
		return p.Terminates(s.List)
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		return ok && p.NoReturn(call)
	}
	return false
}

// FailsTest reports whether call marks the running test, benchmark or
// fuzz target failed or skipped (t.Error, t.Fatal, b.Skip, ...): whatever
// leaks after it, the test has already reported a failure.
func FailsTest(info *types.Info, call *ast.CallExpr) bool {
	return testingCall(info, call, "Error", "Errorf", "Fatal", "Fatalf", "Fail", "FailNow", "Skip", "Skipf", "SkipNow") ||
		testifyCall(info, call, "assert", "Fail", "Failf", "FailNow", "FailNowf") || StopsTest(info, call)
}

// StopsTest reports whether call ends the goroutine of the running test,
// benchmark or fuzz target (t.Fatal, t.FailNow, b.Skip, ...: they call
// runtime.Goexit): the call never returns to its caller.
func StopsTest(info *types.Info, call *ast.CallExpr) bool {
	return testingCall(info, call, "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow") ||
		testifyCall(info, call, "require", "Fail", "Failf", "FailNow", "FailNowf")
}

// testifyCall reports whether call is one of the named functions of
// github.com/stretchr/testify's package pkg (assert or require), which
// fail the test they are given unconditionally: a test harness outside
// _test.go files (a helper type embedding *testing.T) fails its test
// through them, e.g. require.Fail(h, "timeout") when a wait gives up.
// require's also end the test (they call FailNow).
//
// A copy of testify's package kept in a module of its own (its path ends
// in /assert or /require) counts when the function's first parameter
// stands for a test (testingInterface).
func testifyCall(info *types.Info, call *ast.CallExpr, pkg string, names ...string) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !slices.Contains(names, sel.Sel.Name) {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	if fn.Pkg().Path() == "github.com/stretchr/testify/"+pkg {
		return true
	}
	sig := fn.Signature()
	return sig.Recv() == nil && strings.HasSuffix(fn.Pkg().Path(), "/"+pkg) &&
		sig.Params().Len() > 0 && testingInterface(sig.Params().At(0).Type())
}

// testingCall reports whether call is one of the named methods of a
// testing.T, B, F or TB.
func testingCall(info *types.Info, call *ast.CallExpr, names ...string) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !slices.Contains(names, sel.Sel.Name) {
		return false
	}
	t := info.TypeOf(sel.X)
	return t != nil && (isNamed(t, "testing", "T") || isNamed(t, "testing", "B") || isNamed(t, "testing", "F") ||
		isNamed(t, "testing", "TB") || isNamed(t, "testing", "common") || testingInterface(t))
}

// testingInterface reports whether t is an interface that stands for a
// test, as assertion libraries declare one so as not to import testing
// (testify's TestingT, interface{ Helper(); Errorf(string, ...any) }):
// every method it has is one of testing.TB's, among them Errorf or
// Fatalf.
func testingInterface(t types.Type) bool {
	iface, ok := t.Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 {
		return false
	}
	fails := false
	for m := range iface.Methods() {
		switch m.Name() {
		case "Errorf", "Fatalf":
			fails = true
		case "Error", "Fatal", "Fail", "FailNow", "Failed", "Helper", "Log", "Logf", "Name",
			"Skip", "Skipf", "SkipNow", "Skipped", "Cleanup", "TempDir", "Setenv", "Chdir", "Context", "Attr", "Output", "ArtifactDir":
		default:
			return false
		}
	}
	return fails
}

// IsBuiltin reports whether fun, the function of a call, is one of the
// named builtins (close, len, make, ...), not a function that shadows one.
func IsBuiltin(info *types.Info, fun ast.Expr, names ...string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && slices.Contains(names, b.Name())
}
