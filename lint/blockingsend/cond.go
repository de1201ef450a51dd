package blockingsend

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/concur"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// A waitable is a sync type whose Wait only another call on the same value
// ends.
type waitable struct {
	name string
	// wakers are the methods that end a Wait; neutral, those that neither
	// end one nor hand the value on (a Cond's locker, a WaitGroup's Add).
	wakers, neutral []string
	// counted is set when a Wait blocks only once another method (Add)
	// has run: the finding needs such a call.
	counted string
	// newFunc is the function of package sync that makes one ("" for none).
	newFunc string
}

var waitables = []waitable{
	{name: "Cond", wakers: []string{"Signal", "Broadcast"}, neutral: []string{"L"}, newFunc: "NewCond"},
	{name: "WaitGroup", wakers: []string{"Done", "Go"}, neutral: []string{"Add"}, counted: "Add"},
}

// orphanWaits reports a Wait on a sync.Cond or sync.WaitGroup kept in an
// unexported struct field that nothing ever wakes: the package never calls
// Signal or Broadcast on the Cond field, or Done or Go on the WaitGroup
// field (whose Add it calls), and the value never leaves the field — the
// field is only set to one just made, and only its Wait and its L or Add
// are used — so no code elsewhere can. Wait then returns never: a
// forgotten Signal after the state changes, as in a plugin whose
// activation never announces itself, or a task counted by Add whose end
// nothing marks, as in a stopper whose drain is waited for but never done.
func (c *checker) orphanWaits() {
	if !slices.ContainsFunc(c.pass.Pkg.Imports(), func(p *types.Package) bool { return p.Path() == "sync" }) {
		return // a package that does not import sync declares no such field (bar an alias from elsewhere): skip the walk
	}
	type uses struct {
		kind   *waitable
		waits  []*ast.CallExpr
		counts []*ast.CallExpr // calls of the method that makes Wait block
		other  bool            // any use that could wake it, or hand it to code that could
	}
	fields := make(map[*types.Var]*uses)
	use := func(v *types.Var, k *waitable) *uses {
		if fields[v] == nil {
			fields[v] = &uses{kind: k}
		}
		return fields[v]
	}
	for _, file := range c.pass.Files {
		ast.PreorderStack(file, nil, func(n ast.Node, stack []ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				c.waitableLiteral(n, func(v *types.Var, k *waitable, made bool) {
					if !made {
						use(v, k).other = true
					}
				})
			case *ast.SelectorExpr:
				v, k := c.waitableField(n)
				if v == nil {
					return true
				}
				u := use(v, k)
				call, how := methodUse(n, stack)
				switch {
				case how == "Wait" && call != nil:
					u.waits = append(u.waits, call)
				case how == "made":
					u.other = u.other || !c.madeWaitables(stack[len(stack)-1].(*ast.AssignStmt), n, k)
				case how != "" && how == k.counted && call != nil:
					switch c.sign(call) {
					case 1:
						u.counts = append(u.counts, call)
					case -1:
						u.other = true // Add(-1) is a Done
					}
				case how != "" && slices.Contains(k.neutral, how):
				default:
					u.other = true
				}
			}
			return true
		})
	}
	var waits []*ast.CallExpr
	of := make(map[*ast.CallExpr]*types.Var)
	for v, u := range fields {
		if u.other || u.kind.counted != "" && len(u.counts) == 0 {
			continue
		}
		for _, w := range u.waits {
			waits = append(waits, w)
			of[w] = v
		}
	}
	slices.SortFunc(waits, func(a, b *ast.CallExpr) int { return int(a.Pos() - b.Pos()) })
	for _, w := range waits {
		v := of[w]
		u := fields[v]
		d := analysis.Diagnostic{Pos: w.Pos()}
		switch u.kind.name {
		case "Cond":
			d.Message = fmt.Sprintf("%s blocks forever: nothing in this package calls Signal or Broadcast on %s, and nothing outside can; signal it where the state it waits for changes",
				exprText(w), v.Name())
		case "WaitGroup":
			d.Message = fmt.Sprintf("%s blocks forever once %s.Add has run: nothing in this package calls Done on %s, and nothing outside can; call Done where each counted task ends",
				exprText(w), v.Name(), v.Name())
			for _, a := range u.counts {
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: a.Pos(), Message: "counted here, and never done"})
			}
		}
		c.report(w, d)
	}
}

// sign returns the sign of call's only argument when it is a constant
// (Add(1): 1, Add(-1): -1), 0 otherwise.
func (c *checker) sign(call *ast.CallExpr) int {
	if len(call.Args) != 1 {
		return 0
	}
	tv, ok := c.pass.TypesInfo.Types[call.Args[0]]
	if !ok || tv.Value == nil {
		return 0
	}
	return constant.Sign(tv.Value)
}

// waitableField returns the field sel reads when it is an unexported field
// of this package holding a sync.Cond or a sync.WaitGroup, or a pointer to
// one, with its kind; nil otherwise.
func (c *checker) waitableField(sel *ast.SelectorExpr) (*types.Var, *waitable) {
	s, ok := c.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return nil, nil
	}
	v := s.Obj().(*types.Var).Origin()
	if k := c.waitableVar(v); k != nil {
		return v, k
	}
	return nil, nil
}

// waitableVar returns the kind of v when it is an unexported, not embedded
// field of this package holding a waitable or a pointer to one.
func (c *checker) waitableVar(v *types.Var) *waitable {
	if !v.IsField() || v.Exported() || v.Embedded() || v.Pkg() != c.pass.Pkg {
		return nil
	}
	for i := range waitables {
		if concur.IsNamed(v.Type(), "sync", waitables[i].name) {
			return &waitables[i]
		}
	}
	return nil
}

// methodUse says how the field selected by sel is used: the name of the
// method called on it, with the call (nil for a method value, handed on,
// who knows where), "L" for a Cond's locker, "made" for the target of an
// assignment, or "" for any other use (passed, returned, its address
// taken).
func methodUse(sel *ast.SelectorExpr, stack []ast.Node) (*ast.CallExpr, string) {
	if len(stack) == 0 {
		return nil, ""
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.SelectorExpr:
		if p.X != sel {
			return nil, ""
		}
		if len(stack) >= 2 {
			if call, ok := stack[len(stack)-2].(*ast.CallExpr); ok && call.Fun == p {
				return call, p.Sel.Name
			}
		}
		if p.Sel.Name == "L" {
			return nil, "L"
		}
		return nil, ""
	case *ast.AssignStmt:
		if slices.Contains(p.Lhs, ast.Expr(sel)) && p.Tok == token.ASSIGN {
			return nil, "made"
		}
	}
	return nil, ""
}

// madeWaitables reports whether the assignment as stores in the field
// selected by sel a value made right there.
func (c *checker) madeWaitables(as *ast.AssignStmt, sel *ast.SelectorExpr, k *waitable) bool {
	i := slices.Index(as.Lhs, ast.Expr(sel))
	return len(as.Lhs) == len(as.Rhs) && i >= 0 && c.newWaitable(as.Rhs[i], k)
}

// waitableLiteral calls f for every waitable field that the composite
// literal lit sets, saying whether it is set to a value made right there.
// An unkeyed literal sets every field.
func (c *checker) waitableLiteral(lit *ast.CompositeLit, f func(v *types.Var, k *waitable, made bool)) {
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
				if v, ok := info.Uses[id].(*types.Var); ok {
					if k := c.waitableVar(v); k != nil {
						f(v.Origin(), k, c.newWaitable(kv.Value, k))
					}
				}
			}
		} else if i < st.NumFields() {
			if k := c.waitableVar(st.Field(i)); k != nil {
				f(st.Field(i).Origin(), k, c.newWaitable(elt, k))
			}
		}
	}
}

// newWaitable reports whether e makes a new value of kind k: sync.NewCond(l),
// or &sync.Cond{...}, sync.WaitGroup{} and the like.
func (c *checker) newWaitable(e ast.Expr, k *waitable) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(c.pass.TypesInfo, e).(*types.Func)
		if ok && fn.Pkg() != nil && fn.Pkg().Path() == "sync" && fn.Name() == k.newFunc && k.newFunc != "" {
			return true
		}
		if b, ok := typeutil.Callee(c.pass.TypesInfo, e).(*types.Builtin); ok && b.Name() == "new" {
			return true
		}
	case *ast.CompositeLit:
		return concur.IsNamed(c.pass.TypesInfo.TypeOf(e), "sync", k.name)
	}
	return false
}
