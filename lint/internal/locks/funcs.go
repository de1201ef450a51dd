package locks

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/types/typeutil"
)

// Func is the lock analysis of one function of the package: a
// declaration or a literal.
type Func struct {
	Model  *model.Func
	Name   string // for messages
	body   *ast.BlockStmt
	method bool               // a method: its receiver is parameter 0
	params map[*types.Var]int // parameter → index, the receiver first
	// reassigned are the parameters the function assigns to, or takes the
	// address of, with their index: a mutex named through one is the
	// caller's only where a deferred Unlock names it before the first
	// assignment (early).
	reassigned map[*types.Var]int
	early      []model.Ref
	args       []*types.Var // the parameters but the receiver: what the caller chooses
	opts       *types.Var   // the variadic parameter of options (...Option, a func or interface type)
	// guards are the branches taken on what the caller passes — a
	// parameter other than the receiver, or the options: a Lock there is
	// the caller's choice (if !locked { mu.Lock() }, if ts == nil { ts =
	// s.heaviest() }, if !opts.withLocked { mu.Lock() }).
	guards [][2]token.Pos
	// Escapes are the mutexes unlocked elsewhere than by a call in the
	// function's own body — in a function literal, or through a method
	// value (return mu.Unlock): the function hands the lock on.
	Escapes map[model.RefKey]bool
	// Fresh are the local variables set to a value made right there
	// (&T{...}, new(T)): nobody else can lock its mutexes yet.
	Fresh map[*types.Var]bool

	sum     *Summary
	running bool
	walk    *Walk // the reporting pass's walk, kept for HeldAt

	// Open is set when code the package does not see may call the
	// function: it is exported (outside package main), or a literal, or
	// used as a value.
	Open bool
	// Callers are the calls of the package that run it, with the mutexes
	// held there (none for a go statement or a deferred call).
	Callers []CallSite
}

// CallSite is one call of a function, with the classes of the mutexes
// its caller holds there; none for a go statement or a deferred call.
type CallSite struct {
	Caller *Func
	Held   []string
}

// funcOf returns the analysis of a function of the model, creating it.
func (a *Analysis) funcOf(f *model.Func) *Func {
	if fi, ok := a.funcs[f]; ok {
		return fi
	}
	fi := &Func{Model: f, Name: f.Name(), body: f.Body(), params: make(map[*types.Var]int)}
	a.funcs[f] = fi
	if d := f.Decl; d != nil {
		fi.method = d.Recv != nil
		fi.Open = d.Name.IsExported() && a.p.Pkg.Name() != "main"
	} else {
		fi.Name = "the function literal"
		fi.Open = true
	}
	fi.Open = fi.Open || f.Value
	for i, v := range f.Params() {
		fi.params[v] = i
		if i > 0 || !fi.method {
			fi.args = append(fi.args, v)
		}
	}
	if sig := f.Sig; sig.Variadic() {
		last := sig.Params().At(sig.Params().Len() - 1)
		if s, ok := last.Type().(*types.Slice); ok {
			switch s.Elem().Underlying().(type) {
			case *types.Signature, *types.Interface:
				fi.opts = last // functional options
			}
		}
	}
	return fi
}

// study computes what the analysis of fi's body needs beyond its
// signature; only functions that touch mutexes get that far.
func (a *Analysis) study(fi *Func) {
	fi.guards = a.guards(fi.body, fi.args, fi.opts)
	fi.Escapes = a.escapes(fi.body)
	a.dropReassigned(fi)
	fi.Fresh = a.freshVars(fi.body)
}

// dropReassigned forgets the parameters fi assigns to (c = c.parent), or
// whose address it takes: a mutex named through one may not be the
// caller's any more, so it is not exported, but for the deferred
// Unlocks that name it before (see deferredEarly).
func (c *Analysis) dropReassigned(fi *Func) {
	for v, i := range fi.params {
		if c.p.Assigned(v) {
			delete(fi.params, v)
			if fi.reassigned == nil {
				fi.reassigned = make(map[*types.Var]int)
			}
			fi.reassigned[v] = i
		}
	}
}

// deferredEarly notes r, a mutex that the deferred call d unlocks, as the
// caller's when it is named through a parameter fi later assigns to, and
// d is a statement of fi's body itself (run once, not in a loop or a
// branch) that comes before the first assignment: the receiver of a
// deferred call is evaluated where the defer statement is, so the Unlock
// reaches the caller's mutex whatever the parameter holds by then
// (func (c conn) close() { defer c.pool.mu.Unlock(); c = c.reset(); ... }).
func (c *Analysis) deferredEarly(fi *Func, d *ast.CallExpr, r model.Ref) {
	if _, ok := fi.reassigned[r.Root]; !ok || !(d.End() < c.p.FirstAssigned(r.Root)) {
		return
	}
	for _, s := range fi.body.List {
		if ds, ok := s.(*ast.DeferStmt); ok && ds.Call == d && !r.Inline() &&
			!slices.ContainsFunc(fi.early, func(e model.Ref) bool { return e.Key() == r.Key() }) {
			fi.early = append(fi.early, r)
		}
	}
}

// earlyReleases returns the caller's mutexes that the function's early
// deferred Unlocks release (see deferredEarly), as its caller names them.
// The assignment after the defer makes the walk forget them, as it must
// for a Lock or Unlock that comes later.
func (fi *Func) earlyReleases() []exported {
	var out []exported
	for _, r := range fi.early {
		out = append(out, exported{param: fi.reassigned[r.Root], ref: r})
	}
	return out
}

// freshVars finds the local variables of body declared with a value made
// on the spot: &T{...}, T{...} or new(T).
func (c *Analysis) freshVars(body *ast.BlockStmt) map[*types.Var]bool {
	fresh := make(map[*types.Var]bool)
	made := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = ast.Unparen(u.X)
		}
		switch e := e.(type) {
		case *ast.CompositeLit:
			return true
		case *ast.CallExpr:
			return isBuiltin(c.info, e.Fun, "new")
		}
		return false
	}
	note := func(id *ast.Ident, value ast.Expr) {
		if v, ok := c.info.Defs[id].(*types.Var); ok && made(value) {
			fresh[v] = true
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						note(id, n.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					note(id, n.Values[i])
				}
			}
		}
		return true
	})
	return fresh
}

// guards returns the bodies of the if statements of body whose condition
// reads one of the parameters args (if !locked, if ts == nil, if
// key.IsEmpty()), or a local boolean computed from one (inPlace := ... &&
// needLock), or a local of any type computed from the variadic options
// opts (o := getOpts(opts...); if !o.withLocked). What happens there
// depends on what the caller passes, which the callee's summary cannot
// show. So does the code that follows an if that returns, when the if
// tests a switch — a boolean or the options (if !create { return }) — but
// not when it tests another value: if id == nil { return } turns away a
// special case, and the code after it runs for the values callers
// normally pass.
func (c *Analysis) guards(body *ast.BlockStmt, args []*types.Var, opts *types.Var) [][2]token.Pos {
	if len(args) == 0 {
		return nil
	}
	flags := make(map[types.Object]bool)    // what the caller passes, and locals computed from it
	switches := make(map[types.Object]bool) // the booleans and options among them
	for _, v := range args {
		flags[v] = true
		if isBool(v.Type()) || v == opts {
			switches[v] = true
		}
	}
	readsOf := func(e ast.Node, in func(types.Object) bool) bool {
		found := false
		ast.Inspect(e, func(x ast.Node) bool {
			if id, ok := x.(*ast.Ident); ok && in(c.info.Uses[id]) {
				found = true
			}
			return !found
		})
		return found
	}
	reads := func(e ast.Node) bool { return readsOf(e, func(o types.Object) bool { return flags[o] }) }
	readsSwitch := func(e ast.Node) bool { return readsOf(e, func(o types.Object) bool { return switches[o] }) }
	readsOpts := func(e ast.Node) bool {
		return opts != nil && readsOf(e, func(o types.Object) bool { return o == opts })
	}
	for changed := true; changed; {
		changed = false
		ast.Inspect(body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != len(as.Rhs) {
				return true
			}
			for i, l := range as.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					continue
				}
				if v, ok := c.info.ObjectOf(id).(*types.Var); ok && !flags[v] && (isBool(v.Type()) && reads(as.Rhs[i]) || readsOpts(as.Rhs[i])) {
					flags[v], changed = true, true
					switches[v] = isBool(v.Type()) && readsSwitch(as.Rhs[i]) || readsOpts(as.Rhs[i])
				}
			}
			return true
		})
	}
	var out [][2]token.Pos
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			if reads(n.Cond) {
				out = append(out, [2]token.Pos{n.Body.Pos(), n.End()})
			}
		case *ast.BlockStmt:
			// if !create { return ... }: what follows runs only when the
			// caller says so, as if it were the if's other branch.
			for _, st := range n.List {
				if ifs, ok := st.(*ast.IfStmt); ok && ifs.Else == nil && readsSwitch(ifs.Cond) && endsInReturn(ifs.Body) {
					out = append(out, [2]token.Pos{ifs.End(), n.End()})
				}
			}
		}
		return true
	})
	return out
}

// endsInReturn reports whether a block's last statement is a return.
func endsInReturn(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	_, ok := b.List[len(b.List)-1].(*ast.ReturnStmt)
	return ok
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

func (fi *Func) guarded(pos token.Pos) bool {
	for _, g := range fi.guards {
		if g[0] <= pos && pos < g[1] {
			return true
		}
	}
	return false
}

// escapes finds the mutexes body unlocks inside function literals or
// through method values, or whose address it hands out.
func (c *Analysis) escapes(body *ast.BlockStmt) map[model.RefKey]bool {
	out := make(map[model.RefKey]bool)
	called := make(map[*ast.SelectorExpr]bool)
	depth := 0 // function literals entered
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			if _, ok := stack[len(stack)-1].(*ast.FuncLit); ok {
				depth--
			}
			stack = stack[:len(stack)-1]
			return false
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.FuncLit:
			depth++
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				called[sel] = true
			}
		case *ast.SelectorExpr:
			if r, ok := model.UnlockValue(c.info, n); ok && (depth > 0 || !called[n]) {
				out[r.Key()] = true
			}
		case *ast.UnaryExpr:
			// &s.mu: whoever gets the pointer may unlock it; but a
			// sync.Cond only unlocks it for the time of a Wait.
			if r, ok := model.RefOf(c.info, n.X); ok && n.Op == token.AND && isMutex(c.info.TypeOf(n.X)) && !c.isNewCond(stack[len(stack)-2]) {
				out[r.Key()] = true
			}
		}
		return true
	})
	return out
}

// calleeOf returns the function of the package a call runs in the calling
// goroutine, with what it passes as parameters: a function or method
// declared in the package (statically resolved), a function literal called
// on the spot or bound to a variable only ever called, or the function
// literal, function or method value given to sync.Once's Do. Calls
// through interfaces and other
// function values are not followed.
func (c *Analysis) calleeOf(call *ast.CallExpr) *Func {
	mc := c.calls[call]
	if mc == nil {
		return nil
	}
	if mc.Target != nil && (mc.Static || mc.Callee == nil) {
		return c.funcOf(mc.Target)
	}
	if c.onceOnly(call) {
		switch fn := ast.Unparen(call.Args[0]).(type) {
		case *ast.FuncLit:
			if f := c.p.FuncOf(fn); f != nil {
				return c.funcOf(f)
			}
		case *ast.Ident, *ast.SelectorExpr:
			// once.Do(c.unlock), once.Do(cleanup): a function or method of
			// the package, whose receiver callArgs binds.
			if m, ok := c.info.Uses[identOf(fn)].(*types.Func); ok {
				if f := c.p.Decl(m); f != nil {
					return c.funcOf(f)
				}
			}
		}
	}
	return nil
}

// identOf returns the identifier that names e: x, or Sel in x.Sel.
func identOf(e ast.Expr) *ast.Ident {
	if sel, ok := e.(*ast.SelectorExpr); ok {
		return sel.Sel
	}
	return e.(*ast.Ident)
}

// onceOnly reports whether call is sync.Once's Do: what it is given runs
// on the first call only.
func (c *Analysis) onceOnly(call *ast.CallExpr) bool {
	mc := c.calls[call]
	if mc == nil || len(call.Args) != 1 {
		return false
	}
	fn := mc.Callee
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || fn.Name() != "Do" {
		return false
	}
	recv := fn.Type().(*types.Signature).Recv()
	return recv != nil && isNamedSync(recv.Type(), "Once")
}

func (c *Analysis) isNewCond(n ast.Node) bool {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := typeutil.Callee(c.info, call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "sync" && fn.Name() == "NewCond"
}

func isMutex(t types.Type) bool {
	return t != nil && (isNamedSync(t, "Mutex") || isNamedSync(t, "RWMutex"))
}

func isNamedSync(t types.Type, name string) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == name
}

// isBuiltin reports whether fun, the function of a call, is the named
// builtin, not a function that shadows it.
func isBuiltin(info *types.Info, fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}
