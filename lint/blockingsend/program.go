package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/leash-go/leash/lint/internal/endings"
	"github.com/leash-go/leash/lint/internal/model"
)

// summary is what the package tells the whole program about the functions
// whose return ends it (see package endings): the leash command drops a
// leak stranded by a function's return once every call of that function,
// in every package, is a command's last act (the CLI in cmd/ that calls a
// library package's Start and exits).
func (c *checker) summary() *endings.Summary {
	s := &endings.Summary{Pending: c.pending}
	for _, f := range c.p.Funcs {
		if c.p.InTest(f.Node().Pos()) {
			continue
		}
		ends := c.returnEndsProcess(f) || c.returnEndsCommand(f)
		if f.Obj != nil {
			if ends {
				s.Ends = append(s.Ends, endings.Key(f.Obj))
			}
			if f.Value {
				s.Open = append(s.Open, endings.Key(f.Obj))
			}
		}
		for _, call := range f.Calls {
			callee := c.calleeKey(call)
			if callee == "" {
				continue
			}
			e := endings.Call{CallerEnds: ends, Callee: callee, Last: !call.Go && !call.Defer && len(call.Loops) == 0 && c.soonDone(f, call.Expr)}
			if !call.Go && !call.Defer {
				e.ExitsOnError, e.ReturnsError, e.Returns = c.onError(f, call.Expr)
			}
			if f.Obj != nil {
				e.Caller = endings.Key(f.Obj)
			}
			s.Calls = append(s.Calls, e)
		}
	}
	return s
}

// calleeKey names the declared function of the package's module that call
// runs, "" for any other call.
func (c *checker) calleeKey(call *model.Call) string {
	if call.Target != nil && call.Target.Obj != nil {
		return endings.Key(call.Target.Obj)
	}
	fn := call.Callee
	if !call.Static || fn == nil || fn.Pkg() == nil {
		return ""
	}
	path := fn.Pkg().Path()
	if m := c.pass.Module; path != c.p.Pkg.Path() && (m == nil || path != m.Path && !strings.HasPrefix(path, m.Path+"/")) {
		return ""
	}
	return endings.Key(fn)
}

// strandedBy notes that the finding about to be reported is a leak only
// when f returns with the program running on — only when it returns an
// error, if onError (see summary).
func (c *checker) strandedBy(f *model.Func, onError bool) func() {
	c.stranding, c.strandingOnError = f, onError
	return func() { c.stranding, c.strandingOnError = nil, false }
}

// onError tells what f does at once when call, made in f, gives an error:
// v, err := call (or if v, err := call; ...) followed by if err != nil
// whose body waits for nothing and ends in a call that never returns
// (exits), a return of an error (withError), or another return (plain).
func (c *checker) onError(f *model.Func, call *ast.CallExpr) (exits, withError, plain bool) {
	if c.returnsCall(f, call) {
		return false, true, false // return call: its error is f's
	}
	check := c.errCheckAfter(f, call)
	if check == nil || c.waitsIn(check.Body.List) || len(check.Body.List) == 0 {
		return false, false, false
	}
	switch last := check.Body.List[len(check.Body.List)-1].(type) {
	case *ast.ExprStmt:
		if x, ok := ast.Unparen(last.X).(*ast.CallExpr); ok && c.p.NoReturn(x) {
			return true, false, false
		}
	case *ast.ReturnStmt:
		if returnsError(c.p.Info, f, last) {
			return false, true, false
		}
		return false, false, true
	}
	return false, false, false
}

// returnsCall reports whether call is what a return statement of f gives
// as all its results (return g(x)), f's last result and call's an error.
func (c *checker) returnsCall(f *model.Func, call *ast.CallExpr) bool {
	res := f.Sig.Results()
	t, ok := c.p.Info.TypeOf(call).(*types.Tuple)
	if res.Len() == 0 || !isError(res.At(res.Len()-1).Type()) {
		return false
	}
	if ok && (t.Len() == 0 || !isError(t.At(t.Len()-1).Type())) || !ok && !isError(c.p.Info.TypeOf(call)) {
		return false
	}
	found := false
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = found || len(n.Results) == 1 && ast.Unparen(n.Results[0]) == call
		}
		return !found
	})
	return found
}

// errCheckAfter returns the if statement testing, straight after call,
// the error call gives — if err != nil, with err assigned call's last
// result in the if's own init or in the statement just before — or nil.
func (c *checker) errCheckAfter(f *model.Func, call *ast.CallExpr) *ast.IfStmt {
	errOf := func(s ast.Stmt) types.Object {
		as, ok := s.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != call {
			return nil
		}
		id, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident)
		if !ok || !isError(c.p.Info.TypeOf(id)) {
			return nil
		}
		return c.p.Info.ObjectOf(id)
	}
	tests := func(ifs *ast.IfStmt, err types.Object) bool {
		b, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
		if !ok || b.Op != token.NEQ {
			return false
		}
		id, ok := ast.Unparen(b.X).(*ast.Ident)
		return ok && err != nil && c.p.Info.ObjectOf(id) == err && isNil(c.p.Info, b.Y)
	}
	body := f.Body()
	if body == nil {
		return nil
	}
	var found *ast.IfStmt
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			if n.Init != nil && tests(n, errOf(n.Init)) {
				found = n
			}
		case *ast.BlockStmt:
			found = checkAfter(n.List, errOf, tests)
		case *ast.CaseClause:
			found = checkAfter(n.Body, errOf, tests)
		case *ast.CommClause:
			found = checkAfter(n.Body, errOf, tests)
		}
		return found == nil
	})
	return found
}

// checkAfter returns the if statement of list that tests the error the
// statement before it assigns, if any.
func checkAfter(list []ast.Stmt, errOf func(ast.Stmt) types.Object, tests func(*ast.IfStmt, types.Object) bool) *ast.IfStmt {
	for i := 0; i+1 < len(list); i++ {
		if err := errOf(list[i]); err != nil {
			if ifs, ok := list[i+1].(*ast.IfStmt); ok && ifs.Init == nil && tests(ifs, err) {
				return ifs
			}
		}
	}
	return nil
}

// returnsError reports whether ret, a return of f, gives an error: f's
// last result is an error and ret's last value is not nil. A bare return
// or the end of the body says nothing of it.
func returnsError(info *types.Info, f *model.Func, ret *ast.ReturnStmt) bool {
	res := f.Sig.Results()
	if ret == nil || res.Len() == 0 || !isError(res.At(res.Len()-1).Type()) || len(ret.Results) != res.Len() {
		return false
	}
	return !isNil(info, ret.Results[len(ret.Results)-1])
}

func isError(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

func isNil(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[ast.Unparen(e)]
	return ok && tv.IsNil()
}
