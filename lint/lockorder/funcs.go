package lockorder

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/flow"
	"golang.org/x/tools/go/types/typeutil"
)

// funcInfo is one function of the package: a declaration or a literal.
type funcInfo struct {
	node   ast.Node // *ast.FuncDecl or *ast.FuncLit
	name   string   // for messages
	body   *ast.BlockStmt
	method bool               // a method: its receiver is parameter 0
	params map[*types.Var]int // parameter → index, the receiver first
	bools  []*types.Var       // the boolean parameters
	// guards are the branches taken on a boolean parameter: a Lock there
	// is the caller's choice (if !locked { mu.Lock() }).
	guards [][2]token.Pos
	// escapes are the mutexes unlocked elsewhere than by a call in the
	// function's own body — in a function literal, or through a method
	// value (return mu.Unlock): the function hands the lock on.
	escapes map[refKey]bool
	// fresh are the local variables set to a value made right there
	// (&T{...}, new(T)): nobody else can lock its mutexes yet.
	fresh map[*types.Var]bool

	sum     *summary
	running bool

	// Who calls the function, for the locks every caller holds (see
	// entryHeld).
	open    bool       // exported, or used as a value: callers unknown
	callers []callSite // calls of the package, go and defer included
	entry   []string   // entryHeld, once computed
	entryOK bool
	inEntry bool
}

// callSite is one call of a function, with the classes of the mutexes
// its caller holds there; none for a go statement or a deferred call.
type callSite struct {
	caller *funcInfo
	held   []string
}

// funcOf returns the funcInfo of a declaration or literal, creating it.
func (c *checker) funcOf(n ast.Node) *funcInfo {
	if fi, ok := c.funcs[n]; ok {
		return fi
	}
	fi := &funcInfo{node: n, params: make(map[*types.Var]int)}
	c.funcs[n] = fi
	var typ *ast.FuncType
	switch n := n.(type) {
	case *ast.FuncDecl:
		fi.name, fi.body, typ = n.Name.Name, n.Body, n.Type
		if n.Recv != nil {
			fi.method = true
			for _, f := range n.Recv.List {
				for _, id := range f.Names {
					if v, ok := c.info.Defs[id].(*types.Var); ok {
						fi.params[v] = 0
					}
				}
			}
		}
		fi.open = n.Name.IsExported() && c.pass.Pkg.Name() != "main"
	case *ast.FuncLit:
		fi.name, fi.body, typ = "the function literal", n.Body, n.Type
		fi.open = true
	}
	i := 0
	if fi.method {
		i = 1
	}
	var bools []*types.Var
	for _, f := range typ.Params.List {
		if len(f.Names) == 0 {
			i++
			continue
		}
		for _, id := range f.Names {
			if v, ok := c.info.Defs[id].(*types.Var); ok {
				fi.params[v] = i
				if isBool(v.Type()) {
					bools = append(bools, v)
				}
			}
			i++
		}
	}
	fi.bools = bools
	return fi
}

// study computes what the analysis of fi's body needs beyond its
// signature; only functions that touch mutexes get that far.
func (c *checker) study(fi *funcInfo) {
	fi.guards = c.guards(fi.body, fi.bools)
	fi.escapes = c.escapes(fi.body)
	c.dropReassigned(fi)
	fi.fresh = c.freshVars(fi.body)
}

// dropReassigned forgets the parameters fi assigns to (c = c.parent), or
// whose address it takes: a mutex named through one may not be the
// caller's any more, so it is not exported.
func (c *checker) dropReassigned(fi *funcInfo) {
	drop := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := c.info.Uses[id].(*types.Var); ok {
				if _, isParam := fi.params[v]; isParam {
					delete(fi.params, v)
				}
			}
		}
	}
	ast.Inspect(fi.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				drop(l)
			}
		case *ast.IncDecStmt:
			drop(n.X)
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				drop(n.Key)
				drop(n.Value)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				drop(n.X)
			}
		}
		return true
	})
}

// freshVars finds the local variables of body declared with a value made
// on the spot: &T{...}, T{...} or new(T).
func (c *checker) freshVars(body *ast.BlockStmt) map[*types.Var]bool {
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
			return flow.IsBuiltin(c.info, e.Fun, "new")
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
// reads one of the boolean parameters bools, or a local boolean computed
// from one (inPlace := ... && needLock).
func (c *checker) guards(body *ast.BlockStmt, bools []*types.Var) [][2]token.Pos {
	if len(bools) == 0 {
		return nil
	}
	flags := make(map[types.Object]bool)
	for _, b := range bools {
		flags[b] = true
	}
	reads := func(e ast.Node) bool {
		found := false
		ast.Inspect(e, func(x ast.Node) bool {
			if id, ok := x.(*ast.Ident); ok && flags[c.info.Uses[id]] {
				found = true
			}
			return !found
		})
		return found
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
				if v, ok := c.info.ObjectOf(id).(*types.Var); ok && !flags[v] && isBool(v.Type()) && reads(as.Rhs[i]) {
					flags[v], changed = true, true
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
		}
		return true
	})
	return out
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

func (fi *funcInfo) guarded(pos token.Pos) bool {
	for _, g := range fi.guards {
		if g[0] <= pos && pos < g[1] {
			return true
		}
	}
	return false
}

// escapes finds the mutexes body unlocks inside function literals or
// through method values, or whose address it hands out.
func (c *checker) escapes(body *ast.BlockStmt) map[refKey]bool {
	out := make(map[refKey]bool)
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
			if r, ok := c.isUnlockValue(n); ok && (depth > 0 || !called[n]) {
				out[r.key()] = true
			}
		case *ast.UnaryExpr:
			// &s.mu: whoever gets the pointer may unlock it; but a
			// sync.Cond only unlocks it for the time of a Wait.
			if r, ok := c.refOf(n.X); ok && n.Op == token.AND && isMutex(c.info.TypeOf(n.X)) && !c.isNewCond(stack[len(stack)-2]) {
				out[r.key()] = true
			}
		}
		return true
	})
	return out
}

// calleeOf returns the function of the package a call runs in the calling
// goroutine, with what it passes as parameters: a function or method
// declared in the package (statically resolved), a function literal called
// on the spot, or the function literal given to sync.Once's Do. Calls
// through interfaces and function values are not followed.
func (c *checker) calleeOf(call *ast.CallExpr) *funcInfo {
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return c.funcOf(lit)
	}
	fn := typeutil.StaticCallee(c.info, call)
	if fn == nil {
		return nil
	}
	if d := c.decls[fn.Origin()]; d != nil && d.Body != nil {
		return c.funcOf(d)
	}
	if fn.Pkg() != nil && fn.Pkg().Path() == "sync" && fn.Name() == "Do" && len(call.Args) == 1 {
		if recv := fn.Type().(*types.Signature).Recv(); recv != nil && isNamedSync(recv.Type(), "Once") {
			if lit, ok := ast.Unparen(call.Args[0]).(*ast.FuncLit); ok {
				return c.funcOf(lit)
			}
		}
	}
	return nil
}

func (c *checker) isNewCond(n ast.Node) bool {
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

// entryHeld returns the classes of the mutexes fi runs under: those it
// unlocks without locking them (its callers hold them), and, for a
// function only ever called from this package, those every caller holds
// at the call. Two lock orders taken under a common mutex cannot
// interleave, even when that mutex is taken by the callers.
func (c *checker) entryHeld(fi *funcInfo) []string {
	if fi.entryOK || fi.inEntry {
		return fi.entry
	}
	fi.inEntry = true
	var out []string
	if fi.sum != nil {
		for _, e := range fi.sum.releases {
			if cl := e.ref.class(); cl.valid() {
				out = append(out, cl.key)
			}
		}
	}
	if !fi.open && !c.escaped[fi.node] && len(fi.callers) > 0 {
		var common []string
		for i, s := range fi.callers {
			held := slices.Concat(s.held, c.entryHeld(s.caller))
			if i == 0 {
				common = held
			} else {
				common = slices.DeleteFunc(common, func(k string) bool { return !slices.Contains(held, k) })
			}
		}
		out = append(out, common...)
	}
	fi.inEntry = false
	fi.entry, fi.entryOK = out, true
	return out
}

// noteCall records a call of callee made holding st.must (nil: a go
// statement or deferred call, which runs holding nothing of the caller's).
func (w *walker) noteCall(callee *funcInfo, st *state) {
	if !order {
		return
	}
	var held []string
	if st != nil {
		for _, h := range st.must {
			if cl := h.ref.class(); cl.valid() {
				held = append(held, cl.key)
			}
		}
	}
	callee.callers = append(callee.callers, callSite{caller: w.fi, held: held})
}
