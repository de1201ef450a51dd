package locks

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/types/typeutil"
)

// A condLock is the mutex behind a sync.Cond field's L: the field of the
// same struct value that the Cond was made with, as
// x.cond = sync.NewCond(&x.mu) or sync.NewCond(x.mu.RLocker()) make it.
type condLock struct {
	owner types.Type // the struct type (or pointer to it) the index starts from
	index []int      // the mutex's field path from there
	read  bool       // made with RLocker: L.Lock is RLock
}

// condLocker returns the mutex operation and mutex that call, a Lock or
// Unlock of a Cond's L (x.cond.L.Lock()), stands for, when the package
// makes the Cond only from a mutex of the same value. A sync.Locker is
// otherwise an interface whose dynamic type the check cannot know.
func (c *Analysis) condLocker(call *ast.CallExpr) (model.LockKind, model.Ref, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return 0, model.Ref{}, false
	}
	l, ok := ast.Unparen(sel.X).(*ast.SelectorExpr) // x.cond.L
	if !ok || l.Sel.Name != "L" || !concur.IsNamed(c.info.TypeOf(l.X), "sync", "Cond") {
		return 0, model.Ref{}, false
	}
	field, ok := ast.Unparen(l.X).(*ast.SelectorExpr) // x.cond
	if !ok {
		return 0, model.Ref{}, false
	}
	s, ok := c.info.Selections[field]
	if !ok || s.Kind() != types.FieldVal {
		return 0, model.Ref{}, false
	}
	cl, ok := c.condLocks()[s.Obj().(*types.Var).Origin()]
	if !ok || !types.Identical(concur.Deref(s.Recv()), concur.Deref(cl.owner)) {
		// Reached through another struct type (an embedding one, say) than
		// the one whose mutex the Cond was made with.
		return 0, model.Ref{}, false
	}
	base, ok := model.RefOf(c.info, field.X)
	if !ok {
		return 0, model.Ref{}, false
	}
	r, ok := base.Extend(cl.owner, cl.index)
	if !ok {
		return 0, model.Ref{}, false
	}
	switch o := sel.Sel.Name; {
	case o == "Lock" && cl.read:
		return model.RLock, r, true
	case o == "Lock":
		return model.Lock, r, true
	case o == "Unlock" && cl.read:
		return model.RUnlock, r, true
	case o == "Unlock":
		return model.Unlock, r, true
	}
	return 0, model.Ref{}, false
}

// condLocks finds, once per package, the unexported Cond fields whose every
// assignment is x.f = sync.NewCond(&x.m) or sync.NewCond(x.m.RLocker()),
// with the same x on both sides and the same mutex field m each time. A
// field set any other way, or in a composite literal, has no entry.
func (c *Analysis) condLocks() map[*types.Var]condLock {
	if c.conds != nil {
		return c.conds
	}
	c.conds = make(map[*types.Var]condLock)
	bad := make(map[*types.Var]bool)
	for _, file := range c.p.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					if v, ok := c.info.Uses[id].(*types.Var); ok && v.IsField() {
						bad[v.Origin()] = true
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
					if !ok {
						continue
					}
					if f := c.condFieldOf(sel); f != nil && sel.Sel.Name == "L" {
						bad[f] = true // x.cond.L = other: L is no longer the mutex it was made with
						continue
					}
					s, ok := c.info.Selections[sel]
					if !ok || s.Kind() != types.FieldVal || !concur.IsNamed(s.Obj().Type(), "sync", "Cond") {
						continue
					}
					f := s.Obj().(*types.Var).Origin()
					var rhs ast.Expr
					if len(n.Lhs) == len(n.Rhs) && n.Tok == token.ASSIGN {
						rhs = n.Rhs[i]
					}
					cl, ok := c.madeFrom(sel.X, rhs)
					if old, seen := c.conds[f]; !ok || seen && (old.read != cl.read || !slices.Equal(old.index, cl.index)) {
						bad[f] = true
					} else {
						c.conds[f] = cl
					}
				}
			}
			return true
		})
	}
	for f := range c.conds {
		if bad[f] || f.Exported() || f.Pkg() != c.p.Pkg {
			delete(c.conds, f)
		}
	}
	return c.conds
}

// madeFrom returns the mutex a Cond made by rhs locks, when rhs is
// sync.NewCond(&x.m) or sync.NewCond(x.m.RLocker()) with x the expression
// holder.
func (c *Analysis) madeFrom(holder, rhs ast.Expr) (condLock, bool) {
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if rhs == nil || !ok || len(call.Args) != 1 {
		return condLock{}, false
	}
	if fn, ok := typeutil.Callee(c.info, call).(*types.Func); !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || fn.Name() != "NewCond" {
		return condLock{}, false
	}
	arg, read := ast.Unparen(call.Args[0]), false
	if rl, ok := arg.(*ast.CallExpr); ok && len(rl.Args) == 0 {
		if s, ok := ast.Unparen(rl.Fun).(*ast.SelectorExpr); ok && s.Sel.Name == "RLocker" {
			arg, read = ast.Unparen(s.X), true
		}
	} else if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
		arg = ast.Unparen(u.X)
	} else {
		return condLock{}, false
	}
	m, ok := arg.(*ast.SelectorExpr)
	if !ok {
		return condLock{}, false
	}
	s, ok := c.info.Selections[m]
	t := c.info.TypeOf(m)
	if !ok || s.Kind() != types.FieldVal || !(concur.IsNamed(t, "sync", "Mutex") || concur.IsNamed(t, "sync", "RWMutex")) {
		return condLock{}, false
	}
	hr, ok1 := model.RefOf(c.info, holder)
	mr, ok2 := model.RefOf(c.info, m.X)
	if !ok1 || !ok2 || hr.Key() != mr.Key() {
		return condLock{}, false
	}
	return condLock{owner: s.Recv(), index: s.Index(), read: read}, true
}

// condFieldOf returns the Cond field whose L sel selects (x.cond.L), or nil.
func (c *Analysis) condFieldOf(sel *ast.SelectorExpr) *types.Var {
	inner, ok := ast.Unparen(sel.X).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	s, ok := c.info.Selections[inner]
	if !ok || s.Kind() != types.FieldVal || !concur.IsNamed(s.Obj().Type(), "sync", "Cond") {
		return nil
	}
	return s.Obj().(*types.Var).Origin()
}
