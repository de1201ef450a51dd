package lockorder

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
)

// unshared reports whether the mutex r is kept by a return at ret only in
// a value nobody else can reach yet: r lies in a variable of the function
// made there from a fresh value (v := new(T), &T{...}, T{...}, var v T),
// reached through no pointer field, and nothing from its declaration to
// ret, that return included, hands the variable on — it is only the base
// of field reads and writes and of the mutex's own Lock and Unlock, and is
// not captured by a function literal. The value dies with the return, and
// no later Lock can wait on it:
//
//	ms := new(monitorStatus)
//	ms.mu.Lock()
//	ms.cache, err = lru.New(n)
//	if err != nil {
//		return err // ms.mu is still locked, but ms is gone
//	}
//	ms.mu.Unlock()
//	go ms.poll()
func (c *checker) unshared(body *ast.BlockStmt, r model.Ref, ret token.Pos) bool {
	v := r.Root
	if v == nil || body == nil || v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return false
	}
	for i, s := range r.Steps {
		if i > 0 && s.Deref {
			return false // a pointer field may point anywhere
		}
	}
	fresh, ok := true, false
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if !fresh {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			// A loop around the return but not the declaration may run a
			// later statement, which can share the variable, before it.
			if n.Pos() <= ret && ret < n.End() && (v.Pos() < n.Pos() || v.Pos() >= n.End()) {
				fresh = false
			}
		case *ast.Ident:
			switch {
			case c.pass.TypesInfo.Defs[n] == v:
				ok = c.declaredFresh(stack)
			case c.pass.TypesInfo.Uses[n] == v && (n.Pos() <= ret || inReturn(stack, ret)):
				fresh = c.fieldUse(stack)
			}
		}
		return fresh
	})
	return fresh && ok
}

// inReturn reports whether stack is within the return statement at ret.
func inReturn(stack []ast.Node, ret token.Pos) bool {
	for _, n := range stack {
		if r, ok := n.(*ast.ReturnStmt); ok && r.Pos() == ret {
			return true
		}
	}
	return false
}

// declaredFresh reports whether the identifier at the top of stack is
// declared with a fresh value: var v T, v := new(T), v := &T{...} or
// v := T{...}.
func (c *checker) declaredFresh(stack []ast.Node) bool {
	id := stack[len(stack)-1].(*ast.Ident)
	var value ast.Expr
	switch d := stack[len(stack)-2].(type) {
	case *ast.ValueSpec:
		for i, name := range d.Names {
			if name == id && i < len(d.Values) {
				value = d.Values[i]
			}
		}
		if value == nil {
			return len(d.Values) == 0
		}
	case *ast.AssignStmt:
		if d.Tok != token.DEFINE || len(d.Lhs) != len(d.Rhs) {
			return false
		}
		for i, l := range d.Lhs {
			if l == id {
				value = d.Rhs[i]
			}
		}
	}
	switch e := ast.Unparen(value).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.UnaryExpr:
		_, lit := ast.Unparen(e.X).(*ast.CompositeLit)
		return e.Op == token.AND && lit
	case *ast.CallExpr:
		id, isIdent := ast.Unparen(e.Fun).(*ast.Ident)
		if !isIdent {
			return false
		}
		b, builtin := c.pass.TypesInfo.Uses[id].(*types.Builtin)
		return builtin && b.Name() == "new"
	}
	return false
}

// fieldUse reports whether the use of the variable at the top of stack
// only reads or writes a field of it, or calls a mutex method on one:
// v.f, v.f = x, v.mu.Lock(), not f(v), v.m(), &v.f, a closure's v, or
// return v.
func (c *checker) fieldUse(stack []ast.Node) bool {
	i := len(stack) - 1
	for j := range i {
		if _, lit := stack[j].(*ast.FuncLit); lit {
			return false
		}
	}
	for i > 0 {
		sel, ok := stack[i-1].(*ast.SelectorExpr)
		if !ok || sel.X != stack[i] {
			break
		}
		if s := c.pass.TypesInfo.Selections[sel]; s == nil || s.Kind() != types.FieldVal {
			// A method: a mutex's own, called on the spot, is fine.
			if s == nil || s.Kind() != types.MethodVal || i < 2 {
				return false
			}
			call, isCall := stack[i-2].(*ast.CallExpr)
			fn, isFunc := s.Obj().(*types.Func)
			return isCall && call.Fun == sel && isFunc && mutexMethod(fn)
		}
		i--
	}
	if i == len(stack)-1 {
		return false // the variable itself, not a field of it
	}
	u, isUnary := stack[i-1].(*ast.UnaryExpr)
	return !isUnary || u.Op != token.AND
}

// mutexMethod reports whether fn is a method of sync.Mutex or
// sync.RWMutex (promoted ones included: their receiver is the mutex).
func mutexMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	return recv != nil && (concur.IsNamed(recv.Type(), "sync", "Mutex") || concur.IsNamed(recv.Type(), "sync", "RWMutex"))
}
