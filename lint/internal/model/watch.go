package model

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"
)

// A context's cancellation changes what code does only where the code
// watches it: receives from Done, reads Err, or hands the context to code
// that does — the standard library's I/O, a function of the package, or one
// of another package whose summary says so. Code that stores a context,
// hands it to a function value or to a dependency the analysis did not
// see, or reads only values from it, is not shown to watch: what
// cancelling it does there is out of sight.

// Watches reports whether the i-th argument of call, a context, reaches
// code shown to watch its cancellation.
func (p *Program) Watches(call *Call, i int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.watchesArg(call, i)
}

// WatchesParam reports whether f is shown to watch the cancellation of its
// parameter v, a context.
func (p *Program) WatchesParam(f *Func, v *types.Var) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.watchesParam(f, v)
}

// WatchedAt reports whether the use id of a context variable lets its
// cancellation change what the code does: id is the receiver of Done or
// Err, an argument of a call that watches it (see Watches), or the parent
// of a context derived from it (context.WithTimeout, …) whose own uses in
// the function watch it.
func (p *Program) WatchedAt(id *ast.Ident) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	f := p.FuncAt(id.Pos())
	if f == nil || f.Body() == nil {
		return false
	}
	return p.watchedAt(f.Body(), id)
}

func (p *Program) watchesArg(c *Call, i int) bool {
	if t := c.Target; t != nil && (c.Static || c.Callee == nil) {
		params := t.Sig.Params()
		if i >= params.Len() || t.Sig.Variadic() && i >= params.Len()-1 {
			return false
		}
		return p.watchesParam(t, params.At(i))
	}
	if c.Callee == nil {
		return false // a function value: its body is out of sight
	}
	if stdWatcher(c.Callee) {
		return true
	}
	if s := p.imported[c.Callee.Origin()]; s != nil {
		return slices.Contains(s.WatchedContexts, i)
	}
	return false
}

func (p *Program) watchesParam(f *Func, v *types.Var) bool {
	return f.Body() != nil && p.usesWatched(f.Body(), v)
}

// usesWatched reports whether a use of the context variable v in body is
// watched (see WatchedAt). Kept per variable.
func (p *Program) usesWatched(body ast.Node, v *types.Var) bool {
	// Being computed (recursion): not shown.
	return p.sums.watches.get(v, false, func() bool {
		watched := false
		ast.Inspect(body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && p.Info.Uses[id] == v && p.watchedAt(body, id) {
				watched = true
			}
			return !watched
		})
		return watched
	})
}

func (p *Program) watchedAt(body ast.Node, id *ast.Ident) bool {
	f := p.FuncAt(id.Pos())
	if f == nil {
		return false
	}
	for _, c := range f.Calls {
		call := c.Expr
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && ast.Unparen(sel.X) == id {
			return sel.Sel.Name == "Done" || sel.Sel.Name == "Err"
		}
		for i, a := range call.Args {
			if ast.Unparen(a) != id {
				continue
			}
			if c.Callee != nil && c.Callee.Pkg() != nil && c.Callee.Pkg().Path() == "context" {
				switch name := c.Callee.Name(); {
				case name == "Cause":
					return true
				case strings.HasPrefix(name, "With") && name != "WithoutCancel":
					return p.derivedWatched(body, call)
				}
				return false
			}
			return p.watchesArg(c, i)
		}
	}
	return false
}

// derivedWatched reports whether the context that call, a context.With...
// call, derives is assigned to a variable whose uses in body watch it.
func (p *Program) derivedWatched(body ast.Node, call *ast.CallExpr) bool {
	var derived *types.Var
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == call && len(as.Lhs) > 0 {
			if id, ok := as.Lhs[0].(*ast.Ident); ok {
				derived, _ = p.Info.ObjectOf(id).(*types.Var)
			}
		}
		return derived == nil
	})
	return derived != nil && p.usesWatched(body, derived)
}

// stdWatcher reports whether fn, a function or method of the standard
// library taking a context, lets its cancellation stop or fail what it
// does, as the library's I/O does (http.NewRequestWithContext,
// sql.DB.QueryContext, exec.CommandContext, net.Dialer.DialContext, …).
// Not so the loggers and profilers, which only read values from it.
func stdWatcher(fn *types.Func) bool {
	pkg := fn.Pkg()
	if pkg == nil {
		return false
	}
	path := pkg.Path()
	if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
		return false
	}
	switch path {
	case "context", "log", "log/slog", "runtime/pprof", "runtime/trace", "testing":
		return false
	}
	return true
}
