package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
)

// A ctxOrigin says what, in sight of the code, can end a context.
type ctxOrigin int

const (
	// kept: the package holds the context (a field, a method's result):
	// it may end it, and the check takes it that it can.
	kept ctxOrigin = iota
	// handed: the context is a parameter, passed on as it is or derived
	// with nothing that ends it sooner (context.WithValue, a WithCancel
	// whose cancel runs only as the function returns, a helper that takes
	// the context and returns one), or a context nothing ends
	// (context.Background()). When it ends is the caller's to say.
	handed
	// endsInSight: the code gives it a deadline (context.WithTimeout,
	// WithDeadline) or calls, stores or hands on the cancel of a
	// WithCancel it made.
	endsInSight
)

// handedCancel reports whether ch, the channel of a select case the
// receiver may leave on, is ctx.Done() of a context handed to it from code
// that does not end it: every call of the receiver's function in the
// package passes it a context its caller was handed in turn, or one
// nothing ends (see handed). Whether such a context ends while the
// program goes on (a request its client dropped) or only as it stops, the
// code in sight does not show. On real code the check had not seen, it was
// the program's or a long-lived component's shutdown every time (none of
// ten such findings over three held-out sets was a leak while the program
// ran). So by default the case is taken never to win, and with
// -blockingsend.audit it counts as any other. A function no code of the
// package calls keeps its finding: it is the package's API, and what its
// callers pass is theirs to say (a request's context, as like as not). So
// does a deadline made in sight, which ends the context while the program
// runs.
func (c *checker) handedCancel(ch ast.Expr) bool {
	call, ok := ast.Unparen(ch).(*ast.CallExpr)
	if !ok || !concur.Is(c.p.Info, call, concur.CtxDone) {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && c.ctxOrigin(sel.X, make(map[*types.Var]bool), false) == handed
}

// ctxOrigin says what can end the context e (see ctxOrigin's values).
// seen holds the variables being followed, against cycles
// (ctx = wrap(ctx)). A parameter is handed when every call of its
// function in the package passes a handed context; atCall is set while
// looking at such an argument, where a parameter of the caller is handed
// as it is.
func (c *checker) ctxOrigin(e ast.Expr, seen map[*types.Var]bool, atCall bool) ctxOrigin {
	info := c.p.Info
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return kept
		}
		return c.varOrigin(v, seen, atCall)
	case *ast.CallExpr:
		if concur.GivesDeadline(info, e) {
			return endsInSight
		}
		if k, ok := concur.CallOf(info, e); ok && (k.Role == concur.Detached || k.Role == concur.WithoutCancel) {
			return handed // nothing ends it
		}
		// context.WithValue, WithCancel (whose cancel varOrigin looks at),
		// or a helper of any package that derives a context from the one it
		// is given: what ends the parent ends the child.
		for _, arg := range e.Args {
			if concur.IsContext(info.TypeOf(arg)) {
				return c.ctxOrigin(arg, seen, atCall)
			}
		}
	}
	return kept
}

// varOrigin says what can end the context variable v: what can end any
// value assigned to it, in the function that declares it.
func (c *checker) varOrigin(v *types.Var, seen map[*types.Var]bool, atCall bool) ctxOrigin {
	if seen[v] {
		return handed // the cycle adds nothing
	}
	seen[v] = true
	decl := c.p.FuncAt(v.Pos())
	if decl == nil || decl.Body() == nil || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return kept // a package-level context, or one out of sight
	}
	var origins []ctxOrigin
	if i := slices.Index(decl.Params(), v); i >= 0 {
		switch {
		case atCall:
			origins = append(origins, handed)
		case c.passedHanded(decl, i, seen):
			origins = append(origins, handed)
		default:
			origins = append(origins, kept)
		}
	}
	info := c.p.Info
	assigns := func(id ast.Expr) bool {
		i, ok := id.(*ast.Ident)
		return ok && (info.Defs[i] == v || info.Uses[i] == v)
	}
	ast.Inspect(decl.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if !assigns(l) {
					continue
				}
				switch {
				case len(n.Rhs) == len(n.Lhs):
					origins = append(origins, c.ctxOrigin(n.Rhs[i], seen, atCall))
				case len(n.Rhs) == 1:
					// ctx, cancel := context.WithCancel(parent), or a helper
					// returning a context and more.
					o := c.ctxOrigin(n.Rhs[0], seen, atCall)
					if o != endsInSight && c.cancelInSight(decl.Body(), n) {
						o = endsInSight
					}
					origins = append(origins, o)
				default:
					origins = append(origins, kept)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.Defs[id] == v && len(n.Values) == len(n.Names) {
					origins = append(origins, c.ctxOrigin(n.Values[i], seen, atCall))
				}
			}
		case *ast.RangeStmt:
			if assigns(n.Key) || n.Value != nil && assigns(n.Value) {
				origins = append(origins, kept)
			}
		}
		return true
	})
	if len(origins) == 0 {
		return kept
	}
	return slices.Max(origins) // one way to end it in sight is enough
}

// passedHanded reports whether f, which code out of sight cannot call (not
// exported, not used as a value), has calls in the package and each passes as its parameter i (counting the receiver of a
// method first, as Params does) a context that nothing in sight ends.
func (c *checker) passedHanded(f *model.Func, i int, seen map[*types.Var]bool) bool {
	if f.Value || len(f.Callers) == 0 || f.Decl != nil && f.Decl.Name.IsExported() && c.p.Pkg.Name() != "main" {
		return false // other packages may call it, or code through a function value
	}
	if f.Sig.Recv() != nil {
		i-- // the receiver is never a context here
	}
	for _, call := range f.Callers {
		if call.Go || i < 0 || i >= len(call.Expr.Args) {
			return false
		}
		if c.ctxOrigin(call.Expr.Args[i], seen, true) != handed {
			return false
		}
	}
	return true
}

// cancelInSight reports whether the assignment as (ctx, cancel :=
// context.WithCancel(parent)) gets a cancel that the function does more
// with than defer: it calls it before returning, from a goroutine, or
// hands it on or stores it (t.cancel), so that other code can end the
// context while the function waits.
func (c *checker) cancelInSight(body *ast.BlockStmt, as *ast.AssignStmt) bool {
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok || !concur.Is(c.p.Info, call, concur.Derive) || len(as.Lhs) != 2 {
		return false
	}
	if fn := concur.Callee(c.p.Info, call); fn == nil || !strings.HasPrefix(fn.Name(), "WithCancel") {
		return false
	}
	id, ok := as.Lhs[1].(*ast.Ident)
	if !ok {
		return true // stored in a field or an element: others may call it
	}
	if id.Name == "_" {
		return false
	}
	cancel := c.p.Info.ObjectOf(id)
	deferred := make(map[token.Pos]bool) // the cancel idents of defer cancel()
	inSight := false
	ast.Inspect(body, func(n ast.Node) bool {
		if d, ok := n.(*ast.DeferStmt); ok {
			if fn, ok := ast.Unparen(d.Call.Fun).(*ast.Ident); ok && len(d.Call.Args) == 0 {
				deferred[fn.Pos()] = true
			}
		}
		if u, ok := n.(*ast.Ident); ok && c.p.Info.Uses[u] == cancel && !deferred[u.Pos()] {
			inSight = true
		}
		return !inSight
	})
	return inSight
}
