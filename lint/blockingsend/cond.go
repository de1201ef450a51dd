package blockingsend

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/concur"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// orphanConds reports a Wait on a sync.Cond kept in an unexported struct
// field that nothing ever wakes: the package never calls Signal or
// Broadcast on the field, and the Cond never leaves it — the field is only
// set to a Cond just made, and only its Wait and its L are used — so no
// code elsewhere can. Wait then returns never: a forgotten Signal after
// the state changes, as in a plugin whose activation never announces
// itself.
func (c *checker) orphanConds() {
	if !slices.ContainsFunc(c.pass.Pkg.Imports(), func(p *types.Package) bool { return p.Path() == "sync" }) {
		return // a package that does not import sync declares no sync.Cond field (bar an alias from elsewhere): skip the walk
	}
	type uses struct {
		waits []*ast.CallExpr
		other bool // any use that could wake it, or hand it to code that could
	}
	fields := make(map[*types.Var]*uses)
	use := func(v *types.Var) *uses {
		if fields[v] == nil {
			fields[v] = &uses{}
		}
		return fields[v]
	}
	for _, file := range c.pass.Files {
		ast.PreorderStack(file, nil, func(n ast.Node, stack []ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				c.condLiteral(n, func(v *types.Var, made bool) {
					if !made {
						use(v).other = true
					}
				})
			case *ast.SelectorExpr:
				v := c.condField(n)
				if v == nil {
					return true
				}
				u := use(v)
				call, how := condUse(n, stack)
				switch how {
				case "Wait":
					u.waits = append(u.waits, call)
				case "L":
				case "made":
					u.other = u.other || !c.madeConds(stack[len(stack)-1].(*ast.AssignStmt), n)
				default:
					u.other = true
				}
			}
			return true
		})
	}
	var waits []*ast.CallExpr
	names := make(map[*ast.CallExpr]string)
	for v, u := range fields {
		if u.other {
			continue
		}
		for _, w := range u.waits {
			waits = append(waits, w)
			names[w] = v.Name()
		}
	}
	slices.SortFunc(waits, func(a, b *ast.CallExpr) int { return int(a.Pos() - b.Pos()) })
	for _, w := range waits {
		c.report(w, analysis.Diagnostic{Pos: w.Pos(), Message: fmt.Sprintf(
			"%s blocks forever: nothing in this package calls Signal or Broadcast on %s, and nothing outside can; signal it where the state it waits for changes",
			exprText(w), names[w])})
	}
}

// condField returns the field sel reads when it is an unexported field of
// this package holding a sync.Cond or a pointer to one; nil otherwise.
func (c *checker) condField(sel *ast.SelectorExpr) *types.Var {
	s, ok := c.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return nil
	}
	v := s.Obj().(*types.Var).Origin()
	if v.Exported() || v.Pkg() != c.pass.Pkg || v.Embedded() || !concur.IsNamed(v.Type(), "sync", "Cond") {
		return nil
	}
	return v
}

// condUse says how the Cond field selected by sel is used: "Wait" for a
// call of its Wait method (returned), "L" for its locker, "made" for the
// target of an assignment, or the name of another method, or "" for any
// other use (passed, returned, its address taken).
func condUse(sel *ast.SelectorExpr, stack []ast.Node) (*ast.CallExpr, string) {
	if len(stack) == 0 {
		return nil, ""
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.SelectorExpr:
		if p.X != sel {
			return nil, ""
		}
		if p.Sel.Name == "Wait" {
			if len(stack) >= 2 {
				if call, ok := stack[len(stack)-2].(*ast.CallExpr); ok && call.Fun == p {
					return call, "Wait"
				}
			}
			return nil, "" // a method value: handed on, who knows where
		}
		return nil, p.Sel.Name
	case *ast.AssignStmt:
		if slices.Contains(p.Lhs, ast.Expr(sel)) {
			return nil, "made"
		}
	}
	return nil, ""
}

// madeConds reports whether the assignment as stores in the field selected
// by sel a Cond made right there: sync.NewCond(...) or &sync.Cond{...}.
func (c *checker) madeConds(as *ast.AssignStmt, sel *ast.SelectorExpr) bool {
	i := slices.Index(as.Lhs, ast.Expr(sel))
	return len(as.Lhs) == len(as.Rhs) && i >= 0 && c.newCond(as.Rhs[i])
}

// condLiteral calls f for every Cond field that the composite literal lit
// sets, saying whether it is set to a Cond made right there. An unkeyed
// literal sets every field.
func (c *checker) condLiteral(lit *ast.CompositeLit, f func(v *types.Var, made bool)) {
	info := c.pass.TypesInfo
	t := info.TypeOf(lit)
	if t == nil {
		return
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok && c.isCondField(v) {
					f(v.Origin(), c.newCond(kv.Value))
				}
			}
		} else if i < st.NumFields() && c.isCondField(st.Field(i)) {
			f(st.Field(i).Origin(), c.newCond(elt))
		}
	}
}

func (c *checker) isCondField(v *types.Var) bool {
	return v.IsField() && !v.Exported() && !v.Embedded() && v.Pkg() == c.pass.Pkg && concur.IsNamed(v.Type(), "sync", "Cond")
}

// newCond reports whether e makes a new Cond: sync.NewCond(l), or
// &sync.Cond{...} and sync.Cond{...}.
func (c *checker) newCond(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(c.pass.TypesInfo, e).(*types.Func)
		return ok && fn.Pkg() != nil && fn.Pkg().Path() == "sync" && fn.Name() == "NewCond"
	case *ast.CompositeLit:
		return concur.IsNamed(c.pass.TypesInfo.TypeOf(e), "sync", "Cond")
	}
	return false
}
