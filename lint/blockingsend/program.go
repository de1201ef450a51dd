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
	if !audit {
		// With the audit rules, findings in code only tests reach stay,
		// as those in tests do.
		s.Reached = c.p.Reached()
	}
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
			if isConcreteMethod(f.Obj) {
				s.Methods = append(s.Methods, endings.Method{Func: endings.Key(f.Obj), Dispatch: endings.Dispatch(f.Obj)})
			}
		}
		for _, call := range f.Calls {
			callee := c.calleeKey(call)
			if callee == "" {
				continue
			}
			e := endings.Call{CallerEnds: ends, Callee: callee, Last: !call.Go && !call.Defer && c.roundsEnd(call.Loops) && c.soonDone(f, call.Expr)}
			if !call.Go && !call.Defer {
				e.ExitsOnError, e.ReturnsError, e.Returns = c.onError(f, call.Expr)
			}
			// A go or defer statement evaluates its arguments where it
			// stands: the context it passes is the caller's all the same.
			e.Handed, e.Passes = c.contextArgs(call.Expr)
			if f.Obj != nil {
				e.Caller = endings.Key(f.Obj)
			} else if host, last := c.hostOf(f); host != nil && last && e.Last {
				// The literal's return is as nearly its host's last act.
				e.Caller, e.CallerEnds = endings.Key(host.Obj), ends || c.returnEndsProcess(host) || c.returnEndsCommand(host)
				e.ReturnsError, e.Returns = false, false // what the literal returns is not what its host does
			}
			s.Calls = append(s.Calls, e)
		}
	}
	return s
}

// hostOf follows the function literal f out to the declared function it
// runs for: through literals called where they are written, and literals
// started as a goroutine or group task (in no loop) that the function
// starting them waits for before it can return (see
// model.WaitedBeforeReturn), nothing else that can wait made in between.
// last tells whether f's return is then, as nearly, its host's last act,
// as a call's is for endings.Call.Last. host is nil for a literal handed
// elsewhere, or started and not waited for.
//
//	func main() {
//		var wg sync.WaitGroup
//		wg.Add(1)
//		go func() { defer wg.Done(); lib.Fetch() }() // Fetch's return ends main
//		wg.Wait()
//	}
func (c *checker) hostOf(f *model.Func) (host *model.Func, last bool) {
	last = true
	for f.Lit != nil {
		p := f.Parent
		if p == nil || f.Value {
			return nil, false
		}
		if call := calledInPlace(f); call != nil {
			last = last && c.roundsEnd(call.Loops) && c.soonDone(p, call.Expr)
		} else if s := spawnOf(p, f); s != nil {
			w := model.WaitedBeforeReturn(c.p.Info, s)
			if w == nil {
				return nil, false
			}
			last = last && c.nothingWaitsBetween(p, s.Node(), w) && c.soonDone(p, w)
		} else {
			return nil, false
		}
		f = p
	}
	return f, last
}

// calledInPlace returns the call that runs the literal f where it is
// written (func() { ... }()), when that is its one caller; else nil.
func calledInPlace(f *model.Func) *model.Call {
	if len(f.Callers) != 1 {
		return nil
	}
	call := f.Callers[0]
	if call.Go || call.Defer || call.In != f.Parent || ast.Unparen(call.Expr.Fun) != f.Lit {
		return nil
	}
	return call
}

// spawnOf returns the spawn of p that runs the literal f, or nil.
func spawnOf(p, f *model.Func) *model.Spawn {
	for _, s := range p.Spawns {
		if s.Func == f {
			return s
		}
	}
	return nil
}

// nothingWaitsBetween reports whether from and to are in statements of
// f's body, from's before to's, and nothing between them can wait (see
// waitsIn).
func (c *checker) nothingWaitsBetween(f *model.Func, from, to ast.Node) bool {
	list := f.Body().List
	i, ok1 := stmtIndex(list, from.Pos())
	j, ok2 := stmtIndex(list, to.Pos())
	return ok1 && ok2 && i < j && !c.waitsIn(f, list[i+1:j])
}

// calleeKey names the declared function of the package's module that call
// runs, or, for a call of a method of an interface the module declares,
// the methods that may run (see endings.Dispatch); "" for any other call.
// An interface declared elsewhere (io.Reader, a library's Service) is
// called by code out of sight too, so its methods' calls prove nothing.
func (c *checker) calleeKey(call *model.Call) string {
	if call.Target != nil && call.Target.Obj != nil {
		return endings.Key(call.Target.Obj)
	}
	fn := call.Callee
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	path := fn.Pkg().Path()
	if m := c.pass.Module; path != c.p.Pkg.Path() && (m == nil || path != m.Path && !strings.HasPrefix(path, m.Path+"/")) {
		return ""
	}
	if !call.Static {
		if !isInterfaceMethod(fn) {
			return ""
		}
		return endings.Dispatch(fn)
	}
	return endings.Key(fn)
}

// isInterfaceMethod reports whether fn is a method of an interface.
func isInterfaceMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	return recv != nil && types.IsInterface(recv.Type())
}

// isConcreteMethod reports whether fn is a method of a type that is not an
// interface: one a call through an interface may run.
func isConcreteMethod(fn *types.Func) bool {
	return fn.Signature().Recv() != nil && !isInterfaceMethod(fn)
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
// return call, when both give an error, returns it.
func (c *checker) onError(f *model.Func, call *ast.CallExpr) (exits, withError, plain bool) {
	h := c.errHandlingOf(f)
	if h.returned[call] {
		return false, true, false
	}
	check := h.checks[call]
	if check == nil || len(check.Body.List) == 0 || c.waitsIn(f, check.Body.List) {
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

// errHandling is, for one function, how it handles the errors of its
// calls: the if err != nil straight after each call that gives one, and
// the calls it returns the results of.
type errHandling struct {
	checks   map[*ast.CallExpr]*ast.IfStmt
	returned map[*ast.CallExpr]bool
}

// errHandlingOf reads f's body once for what onError asks of each call.
func (c *checker) errHandlingOf(f *model.Func) *errHandling {
	if h, ok := c.errChecks[f]; ok {
		return h
	}
	h := &errHandling{checks: make(map[*ast.CallExpr]*ast.IfStmt), returned: make(map[*ast.CallExpr]bool)}
	if c.errChecks == nil {
		c.errChecks = make(map[*model.Func]*errHandling)
	}
	c.errChecks[f] = h
	res := f.Sig.Results()
	givesError := res.Len() > 0 && isError(res.At(res.Len()-1).Type())
	// errOf returns the call a statement assigns and the variable it puts
	// the call's error in.
	errOf := func(s ast.Stmt) (*ast.CallExpr, types.Object) {
		as, ok := s.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 {
			return nil, nil
		}
		call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		id, isID := as.Lhs[len(as.Lhs)-1].(*ast.Ident)
		if !ok || !isID || !isError(c.p.Info.TypeOf(id)) {
			return nil, nil
		}
		return call, c.p.Info.ObjectOf(id)
	}
	tests := func(ifs *ast.IfStmt, err types.Object) bool {
		b, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
		if !ok || b.Op != token.NEQ || err == nil {
			return false
		}
		id, ok := ast.Unparen(b.X).(*ast.Ident)
		return ok && c.p.Info.ObjectOf(id) == err && isNil(c.p.Info, b.Y)
	}
	list := func(stmts []ast.Stmt) {
		for i := 0; i+1 < len(stmts); i++ {
			if call, err := errOf(stmts[i]); call != nil {
				if ifs, ok := stmts[i+1].(*ast.IfStmt); ok && ifs.Init == nil && tests(ifs, err) {
					h.checks[call] = ifs
				}
			}
		}
	}
	if body := f.Body(); body != nil {
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.IfStmt:
				if call, err := errOf(n.Init); call != nil && n.Init != nil && tests(n, err) {
					h.checks[call] = n
				}
			case *ast.BlockStmt:
				list(n.List)
			case *ast.CaseClause:
				list(n.Body)
			case *ast.CommClause:
				list(n.Body)
			case *ast.ReturnStmt:
				if call, ok := ast.Unparen(firstOnly(n.Results)).(*ast.CallExpr); ok && givesError && c.givesError(call) {
					h.returned[call] = true
				}
			}
			return true
		})
	}
	return h
}

// firstOnly returns the one expression of exprs, nil if there are more.
func firstOnly(exprs []ast.Expr) ast.Expr {
	if len(exprs) != 1 {
		return nil
	}
	return exprs[0]
}

// givesError reports whether call's last result is an error.
func (c *checker) givesError(call *ast.CallExpr) bool {
	switch t := c.p.Info.TypeOf(call).(type) {
	case *types.Tuple:
		return t.Len() > 0 && isError(t.At(t.Len()-1).Type())
	default:
		return isError(t)
	}
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

// isMain reports whether f is a program's main.main.
func (c *checker) isMain(f *model.Func) bool {
	d := f.Decl
	return d != nil && d.Recv == nil && d.Name.Name == "main" && c.p.Pkg.Name() == "main"
}
