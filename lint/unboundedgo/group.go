package unboundedgo

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
)

// group describes the group a task is started on.
type group struct {
	// limited is set when a limit is, or may be, in force: the group has
	// SetLimit, leash.Limit or WithMaxGoroutines, or is not made by the
	// function that starts the tasks (its limit may be set elsewhere).
	limited bool
	// errgroup is the local errgroup.Group variable, when that is what
	// the task is started on; nil otherwise.
	errgroup *types.Var
	// def is the statement that makes the errgroup.
	def ast.Stmt
	// leash is set for a leash.Group.
	leash bool
}

// groupOf finds the group behind a spawn. A go statement has none.
func groupOf(info *types.Info, s *model.Spawn, loops []ast.Stmt) group {
	if s.Go != nil {
		return group{}
	}
	recv := s.Call.Recv
	var v *types.Var
	if id, ok := ast.Unparen(recv).(*ast.Ident); ok {
		v, _ = info.Uses[id].(*types.Var)
	}
	fn := s.Enclosing.Node()
	if v == nil || v.IsField() || v.Parent() == v.Pkg().Scope() || !(fn.Pos() <= v.Pos() && v.Pos() < fn.End()) {
		return group{limited: true} // not made here: its limit may be set elsewhere
	}
	def, init := definition(info, fn, v)
	if def == nil {
		return group{limited: true}
	}
	if isParam(fn, v) {
		return group{limited: true}
	}
	switch s.Call.Family {
	case concur.WaitGroup:
		return group{}
	case concur.Leash:
		return group{limited: leashLimited(info, init), leash: true}
	case concur.Conc:
		return group{limited: concLimited(info, fn, v, init)}
	case concur.Errgroup:
		if setsLimit(info, fn, v) {
			return group{limited: true}
		}
		return group{errgroup: v, def: def}
	}
	return group{limited: true}
}

// definition returns the statement of fn that declares v and the
// expression v is initialised with (nil for var g errgroup.Group).
func definition(info *types.Info, fn ast.Node, v *types.Var) (ast.Stmt, ast.Expr) {
	var stmt ast.Stmt
	var init ast.Expr
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				return true
			}
			for i, lhs := range n.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && info.Defs[id] == v {
					stmt = n
					if len(n.Rhs) == len(n.Lhs) {
						init = n.Rhs[i]
					} else if len(n.Rhs) == 1 {
						init = n.Rhs[0] // g, ctx := errgroup.WithContext(ctx)
					}
				}
			}
		case *ast.DeclStmt:
			gen, ok := n.Decl.(*ast.GenDecl)
			if !ok {
				return true
			}
			for _, spec := range gen.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, id := range vs.Names {
					if info.Defs[id] == v {
						stmt = n
						if i < len(vs.Values) {
							init = vs.Values[i]
						}
					}
				}
			}
		}
		return stmt == nil
	})
	return stmt, init
}

func isParam(fn ast.Node, v *types.Var) bool {
	var ft *ast.FuncType
	switch f := fn.(type) {
	case *ast.FuncDecl:
		ft = f.Type
	case *ast.FuncLit:
		ft = f.Type
	}
	return ft != nil && ft.Pos() <= v.Pos() && v.Pos() < ft.End()
}

// setsLimit reports whether fn calls v.SetLimit.
func setsLimit(info *types.Info, fn ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if c, ok := concur.CallOf(info, call); ok && c.Role == concur.SetLimit {
				if id, ok := ast.Unparen(c.Recv).(*ast.Ident); ok && info.Uses[id] == v {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// leashLimited reports whether a leash.NewGroup call passes leash.Limit,
// or an option the check cannot see through.
func leashLimited(info *types.Info, init ast.Expr) bool {
	call, ok := ast.Unparen(init).(*ast.CallExpr)
	if !ok || !concur.Is(info, call, concur.NewGroup) {
		return true
	}
	for _, opt := range call.Args[1:] {
		c, ok := ast.Unparen(opt).(*ast.CallExpr)
		if !ok {
			return true // an option variable: it may well be a Limit
		}
		if k, ok := concur.CallOf(info, c); ok && k.Role == concur.Limit {
			return true
		}
		if fn := concur.Callee(info, c); fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != concur.LeashPath {
			return true // a helper of the program's own: it may return a Limit
		}
	}
	return false
}

// concLimited reports whether a conc pool is made with, or later given,
// WithMaxGoroutines. conc.WaitGroup has no limit.
func concLimited(info *types.Info, fn ast.Node, v *types.Var, init ast.Expr) bool {
	limited := false
	check := func(n ast.Node) {
		ast.Inspect(n, func(x ast.Node) bool {
			if call, ok := x.(*ast.CallExpr); ok && concur.Is(info, call, concur.SetLimit) {
				limited = true
			}
			return !limited
		})
	}
	if init != nil {
		check(init)
	}
	ast.Inspect(fn, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, lhs := range as.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && info.Uses[id] == v {
					check(as)
				}
			}
		}
		return !limited
	})
	return limited
}
