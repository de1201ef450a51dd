package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/model"
)

// addFlags adds to g the flags f tests: variables whose value a path
// learns from the conditions it passes and the constants it assigns, so
// that a branch that contradicts them is not taken. Two idioms need it:
//
//	stopped := false
//	for {
//		select {
//		case <-stop:
//			stopped = true
//		case <-giveUp:
//			if !stopped {
//				<-stop // drain on the way out
//			}
//			return
//		}
//	}
//
// where the drain runs on every path that has not received, and
//
//	for err == nil {
//		v, err = next()
//		if err != nil {
//			close(done)
//			break
//		}
//	}
//
// whose loop never ends by its condition: every round that sets err
// closes and breaks first.
//
// A flag is a variable of f (or one declared outside f that only f
// assigns) of type bool, of a type whose value may be nil (an error, a
// pointer, an interface, a map, a slice, a function), or of an integer
// type (a counter: 0 counts as nil, n++ as setting it), that a
// condition of f's own code tests (v, !v, v == nil, v != nil, v == 0,
// v != 0), whose address is never
// taken, and that no function literal inside f assigns but one f defers,
// which runs once f's body is over, or a local helper f calls (see
// helperLits), whose assignments take effect where f calls it. What f's
// own code does to it is then all that changes it while f runs. A flag
// declared outside f starts with its declaration's value.
//
// The helper is how an event loop keeps one handler in flight:
//
//	startNext := func() {
//		go handle(batch, done)
//		handling = true
//	}
//	...
//	case <-ctx.Done():
//		if handling {
//			<-done
//		}
//		return
//	case <-done:
//		handling = false
func (c *checker) addFlags(f *model.Func, g *nilGuards, init *nilState) {
	body := f.Body()
	if body == nil {
		return
	}
	tested := make(map[*types.Var]bool)
	var order []*types.Var
	test := func(cond ast.Expr) {
		ast.Inspect(cond, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			if id, ok := n.(*ast.Ident); ok {
				if v := g.followed(id); v != nil && flagType(v.Type()) && !tested[v] {
					tested[v] = true
					order = append(order, v)
				}
			}
			return true
		})
	}
	inspectOwn(body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.IfStmt:
			test(n.Cond)
		case *ast.ForStmt:
			if n.Cond != nil {
				test(n.Cond)
			}
		}
	})
	helpers := c.helperLits(f)
	for _, v := range order {
		if len(g.vars) >= maxNilGuards {
			break
		}
		start, ok := c.flagStart(v, f, helpers)
		if !ok {
			continue
		}
		init[len(g.vars)] = start
		g.vars = append(g.vars, v)
	}
	g.helpers = helperEffects(*g, f, helpers)
}

// helperLits returns the function literals written in f that only f's own
// body calls, directly, and never uses otherwise (startNext := func()
// {...}; startNext()): each runs, whole, where f calls it, and is no
// goroutine's.
func (c *checker) helperLits(f *model.Func) map[*ast.FuncLit]*model.Func {
	if c.literalsIn == nil {
		c.literalsIn = make(map[*model.Func][]*model.Func)
		for _, g := range c.p.Funcs {
			if g.Parent != nil {
				c.literalsIn[g.Parent] = append(c.literalsIn[g.Parent], g)
			}
		}
	}
	out := make(map[*ast.FuncLit]*model.Func)
	for _, g := range c.literalsIn[f] {
		lit, ok := g.Node().(*ast.FuncLit)
		if !ok || g.Value || len(g.Callers) == 0 {
			continue
		}
		direct := true
		for _, call := range g.Callers {
			direct = direct && call.In == f && !call.Go && !call.Defer
		}
		if direct {
			out[lit] = g
		}
	}
	return out
}

// helperEffects says, for each call of f to a helper of helpers, what
// each followed flag the helper sets holds once the call returns: the
// value of its last assignment when every assignment to that flag is a
// statement of the helper's own body and the helper has no return to
// leave before it; unknown otherwise.
func helperEffects(g nilGuards, f *model.Func, helpers map[*ast.FuncLit]*model.Func) map[*ast.CallExpr]map[int]int8 {
	out := make(map[*ast.CallExpr]map[int]int8)
	for lit, h := range helpers {
		eff := make(map[int]int8)
		returns := false
		inspectOwn(lit, func(n ast.Node) {
			_, isRet := n.(*ast.ReturnStmt)
			returns = returns || isRet
		})
		top := make(map[ast.Node]bool)
		for _, st := range lit.Body.List {
			top[st] = true
		}
		inspectOwn(lit, func(n ast.Node) {
			as, ok := n.(*ast.AssignStmt)
			if !ok {
				return
			}
			for i, lhs := range as.Lhs {
				k := g.index(g.followed(lhs))
				if k < 0 {
					continue
				}
				switch {
				case returns || !top[as] || len(as.Lhs) != len(as.Rhs):
					eff[k] = 0
				default:
					eff[k] = g.value(as.Rhs[i])
				}
			}
		})
		if len(eff) == 0 {
			continue
		}
		for _, call := range h.Callers {
			if call.In == f {
				out[call.Expr] = eff
			}
		}
	}
	return out
}

// flagStart reports whether v can be followed as a flag of f (see
// addFlags), and what it holds when f starts: its declaration's value
// when it is declared outside f, else 0, as f's own declaration sets it.
func (c *checker) flagStart(v *types.Var, f *model.Func, helpers map[*ast.FuncLit]*model.Func) (int8, bool) {
	g := nilGuards{info: c.p.Info, vars: []*types.Var{v}}
	own := make(map[ast.Node]bool) // f's own assignments to v, its helpers' included
	mark := func(n ast.Node) {
		if as, ok := n.(*ast.AssignStmt); ok && assigns(g, as) {
			own[n] = true
		}
	}
	inspectOwn(f.Node(), func(n ast.Node) {
		mark(n)
		if inc, ok := n.(*ast.IncDecStmt); ok && g.followed(inc.X) == v {
			own[n] = true
		}
	})
	for lit := range helpers {
		inspectOwn(lit, mark)
	}
	// A function literal f defers runs once f's body has returned: what it
	// does to v changes nothing a path through the body sees.
	var deferred []*ast.FuncLit
	inspectOwn(f.Node(), func(n ast.Node) {
		if d, ok := n.(*ast.DeferStmt); ok {
			if lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok {
				deferred = append(deferred, lit)
			}
		}
	})
	declaredIn := f.Node().Pos() <= v.Pos() && v.Pos() < f.Node().End()
	var start int8
	ok := true
	for _, file := range c.pass.Files {
		if file.Pos() > v.Pos() || v.Pos() >= file.End() {
			continue // a local variable is used in its own file only
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, isLit := n.(*ast.FuncLit); isLit && slices.Contains(deferred, lit) {
				return false
			}
			switch n := n.(type) {
			case *ast.UnaryExpr:
				if n.Op == token.AND && g.followed(n.X) == v {
					ok = false
				}
			case *ast.IncDecStmt:
				if g.followed(n.X) == v && !own[n] {
					ok = false // a closure or other code counts it
				}
			case *ast.AssignStmt:
				switch {
				case !assigns(g, n) || own[n]:
				case !declaredIn && n.Tok == token.DEFINE && defines(c.p.Info, n, v):
					start = g.valueOf(n, v)
				default:
					ok = false // a closure or other code sets it
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if c.p.Info.Defs[name] == v && !declaredIn {
						switch {
						case len(n.Values) == 0:
							start = -1
						case len(n.Values) == len(n.Names):
							start = g.value(n.Values[i])
						}
					}
				}
			}
			return ok
		})
	}
	return start, ok
}

// assigns reports whether as assigns a variable g follows.
func assigns(g nilGuards, as *ast.AssignStmt) bool {
	for _, lhs := range as.Lhs {
		if g.index(g.followed(lhs)) >= 0 {
			return true
		}
	}
	return false
}

// defines reports whether as declares v (v := ...).
func defines(info *types.Info, as *ast.AssignStmt, v *types.Var) bool {
	for _, lhs := range as.Lhs {
		if id, ok := lhs.(*ast.Ident); ok && info.Defs[id] == v {
			return true
		}
	}
	return false
}

// valueOf is what as leaves in v.
func (g nilGuards) valueOf(as *ast.AssignStmt, v *types.Var) int8 {
	if len(as.Lhs) != len(as.Rhs) {
		return 0
	}
	for i, lhs := range as.Lhs {
		if g.followed(lhs) == v {
			return g.value(as.Rhs[i])
		}
	}
	return 0
}

// followed returns the variable e names, when it is one and not a field:
// a variable g may follow.
func (g nilGuards) followed(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := g.info.ObjectOf(id).(*types.Var)
	if !ok || v.IsField() {
		return nil
	}
	return v
}

// flagType reports whether a variable of type t can be a flag: a bool, or
// a type whose values may be nil, but a channel (see nilGuards for those).
func flagType(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.Bool || u.Info()&types.IsInteger != 0 // a counter: 0 or not
	case *types.Pointer, *types.Interface, *types.Map, *types.Slice, *types.Signature:
		return true
	}
	return false
}

// isBool reports whether v is a boolean flag.
func isBool(v *types.Var) bool {
	b, ok := v.Type().Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}
