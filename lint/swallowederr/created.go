package swallowederr

import (
	"go/ast"
	"go/types"

	"github.com/leash-go/leash/lint/internal/concur"
)

// createdHere reports which of vars hold a group their function made: every
// assignment to the variable is a new group (errgroup.WithContext,
// leash.NewGroup, pool.New and the pool's With... chain, &errgroup.Group{},
// new(errgroup.Group), or a zero value declared with var), and there is at
// least one. A group received as a parameter, or read from one, from a
// field or from a call that is not a constructor, was made by other code,
// and waiting for it is that code's business: restic hands one errgroup to
// the helpers that start its workers, and waits on it where it made it.
func createdHere(info *types.Info, files []*ast.File, vars map[*types.Var]bool) map[*types.Var]bool {
	made := make(map[*types.Var]bool)
	other := make(map[*types.Var]bool)
	note := func(lhs ast.Expr, creates bool) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return
		}
		v, _ := info.ObjectOf(id).(*types.Var)
		if !vars[v] {
			return
		}
		if creates {
			made[v] = true
		} else {
			other[v] = true
		}
	}
	for _, file := range files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, name := range n.Names {
					switch {
					case len(n.Values) == 0:
						// var g errgroup.Group is a group; var g *errgroup.Group
						// is nil until an assignment says what it holds.
						if _, isPtr := types.Unalias(info.TypeOf(name)).(*types.Pointer); !isPtr {
							note(name, true)
						}
					case len(n.Values) == len(n.Names):
						note(name, newGroup(info, n.Values[i]))
					default:
						note(name, newGroup(info, n.Values[0]))
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if len(n.Rhs) == len(n.Lhs) {
						note(lhs, newGroup(info, n.Rhs[i]))
					} else {
						note(lhs, newGroup(info, n.Rhs[0]))
					}
				}
			case *ast.RangeStmt:
				note(n.Key, false)
				if n.Value != nil {
					note(n.Value, false)
				}
			}
			return true
		})
	}
	created := make(map[*types.Var]bool)
	for v := range made {
		if !other[v] {
			created[v] = true
		}
	}
	return created
}

// newGroup reports whether e makes a new group: a constructor the
// concurrency libraries provide, a composite literal or new(T) of a group
// type, or a method of a group called on a new group that returns a group
// (conc's pool.New().WithErrors()).
func newGroup(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.UnaryExpr:
		_, isLit := ast.Unparen(e.X).(*ast.CompositeLit)
		return isLit
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				return b.Name() == "new"
			}
		}
		if concur.Is(info, e, concur.NewGroup) {
			return true
		}
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok || info.Selections[sel] == nil || concur.GroupFamily(info.TypeOf(sel.X)) == concur.NoFamily {
			return false
		}
		if sig, ok := info.TypeOf(e.Fun).(*types.Signature); !ok || sig.Results().Len() != 1 || concur.GroupFamily(sig.Results().At(0).Type()) == concur.NoFamily {
			return false
		}
		return newGroup(info, sel.X)
	}
	return false
}
