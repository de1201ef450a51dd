package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
)

// senderCount returns the variable r keeps of how many of its senders on
// site have yet to be answered, or nil. The receiver counts each goroutine
// up as it starts it and down as it takes a value, and drains until the
// count is back to zero:
//
//	active++
//	go func() { errs <- unsubscribe(id) }()
//	...
//	for active > 0 {
//		select {
//		case err := <-errs:
//			active--
//		case <-events: // other channels drained meanwhile
//		}
//	}
//
// Then a branch on which the count is zero has taken every value sent (see
// countedZero), whatever loop or condition the drain sits in. The variable
// qualifies when it is an integer local to r, starts at zero, no function
// literal uses it and its address is never taken; every increment stands
// next to the go statement of a goroutine that sends on site at most
// once, every such goroutine r starts has one, and every decrement
// follows, in the same list of statements, a receive from site of its
// own (or is the first in the case that receives): no two decrements
// answer one value. No other assignment changes it.
func (c *checker) senderCount(r *model.Func, site *model.Site) *types.Var {
	if r != site.Func || r.Body() == nil {
		return nil
	}
	paired := make(map[*ast.GoStmt]bool)
	for _, s := range c.spawnsTouching(r, site) {
		n := c.spawnSends(r, s, site).Max
		if n == 0 {
			continue // the receiver, or a goroutine that only watches
		}
		if s.Go == nil || n > 1 {
			return nil
		}
		paired[s.Go] = false
	}
	if len(paired) == 0 {
		return nil
	}
	for _, call := range r.Calls {
		if c.p.NodeEffect(r, call.Expr, site).Later.Sends.Max > 0 && !insideGo(call.Expr, paired) {
			return nil // goroutines started out of sight of the count
		}
	}
	var counter *types.Var
	steps := 0 // increments and decrements found where they belong
	eachList(r.Body(), func(list []ast.Stmt, comm ast.Stmt) {
		since := 0 // a decrement answers the receives after the one before it
		for i, st := range list {
			inc, isInc := st.(*ast.IncDecStmt)
			if !isInc {
				continue
			}
			v := c.localInt(r, inc.X)
			if v == nil || counter != nil && v != counter {
				continue
			}
			if inc.Tok == token.INC {
				g := adjacentGo(list, i, paired)
				if g == nil || paired[g] {
					continue
				}
				paired[g] = true
			} else if !c.receivedBefore(list[since:i], comm, site) {
				continue
			} else {
				since, comm = i+1, nil
			}
			counter = v
			steps++
		}
	})
	if counter == nil {
		return nil
	}
	for _, done := range paired {
		if !done {
			return nil
		}
	}
	if !c.onlyCounted(r, counter, steps) {
		return nil
	}
	return counter
}

// insideGo reports whether call is the call of one of the go statements.
func insideGo(call *ast.CallExpr, gos map[*ast.GoStmt]bool) bool {
	for g := range gos {
		if within(call, g) {
			return true
		}
	}
	return false
}

// localInt returns the integer variable declared in r that e names.
func (c *checker) localInt(r *model.Func, e ast.Expr) *types.Var {
	v := c.declaredIn(e, r.Body())
	if v == nil {
		return nil
	}
	if b, ok := v.Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
		return nil
	}
	return v
}

// declaredIn returns the variable, not a field, that the identifier e
// names, when its declaration lies within n.
func (c *checker) declaredIn(e ast.Expr, n ast.Node) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := c.p.Info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Pos() < n.Pos() || v.Pos() >= n.End() {
		return nil
	}
	return v
}

// onlyCounted reports whether the steps senderCount found are all that
// changes v: its declaration sets it to zero, and nothing else assigns it,
// takes its address or uses it from a function literal.
func (c *checker) onlyCounted(r *model.Func, v *types.Var, steps int) bool {
	ok := true
	incs := 0
	zero := nilGuards{info: c.p.Info}
	ast.Inspect(r.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			ast.Inspect(n.Body, func(x ast.Node) bool {
				if id, isID := x.(*ast.Ident); isID && c.p.Info.Uses[id] == v {
					ok = false
				}
				return ok
			})
			return false
		case *ast.IncDecStmt:
			if c.localInt(r, n.X) == v {
				incs++
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && c.localInt(r, n.X) == v {
				ok = false
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, isID := ast.Unparen(lhs).(*ast.Ident)
				if !isID || c.p.Info.ObjectOf(id) != v {
					continue
				}
				if n.Tok != token.DEFINE || len(n.Rhs) != len(n.Lhs) || !zero.isZero(n.Rhs[i]) {
					ok = false
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if c.p.Info.Defs[name] == v && len(n.Values) > 0 && (len(n.Values) != len(n.Names) || !zero.isZero(n.Values[i])) {
					ok = false
				}
			}
		}
		return ok
	})
	return ok && incs == steps
}

// receivedBefore reports whether one of the statements before, in the
// same list since the last decrement, receives from site as a statement
// of its own (<-ch, v := <-ch, for _, x := range <-ch), or the list is the
// body of a select case whose communication does.
func (c *checker) receivedBefore(before []ast.Stmt, comm ast.Stmt, site *model.Site) bool {
	if comm != nil {
		if ch := model.RecvChan(comm); ch != nil && c.p.Holds(ch, site) {
			return true
		}
	}
	for _, st := range before {
		if r, ok := st.(*ast.RangeStmt); ok {
			// for _, n := range <-ch: the range takes one value, once.
			st = &ast.ExprStmt{X: r.X}
		}
		if ch := model.RecvChan(st); ch != nil && c.p.Holds(ch, site) {
			return true
		}
	}
	return false
}

// adjacentGo returns the go statement of gos just before or just after
// list[i], or nil.
func adjacentGo(list []ast.Stmt, i int, gos map[*ast.GoStmt]bool) *ast.GoStmt {
	for _, j := range []int{i - 1, i + 1} {
		if j < 0 || j >= len(list) {
			continue
		}
		if g, ok := list[j].(*ast.GoStmt); ok {
			if _, known := gos[g]; known {
				return g
			}
		}
	}
	return nil
}

// eachList calls f with every list of statements in body outside function
// literals: blocks, and the bodies of switch and select cases, with the
// communication of a select case.
func eachList(body *ast.BlockStmt, f func(list []ast.Stmt, comm ast.Stmt)) {
	inspectOwn(body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.BlockStmt:
			f(n.List, nil)
		case *ast.CaseClause:
			f(n.Body, nil)
		case *ast.CommClause:
			f(n.Body, n.Comm)
		}
	})
}

// countedZero reports whether the path takes branch e only when the
// count v is zero: what holds on the branch (the condition, or its
// negation on the else side) is v == 0, v <= 0 or v < 1, either way
// round. The count never goes below zero, for every decrement follows a
// value a counted goroutine sent.
func (c *checker) countedZero(e paths.Edge, v *types.Var) bool {
	if v == nil {
		return false
	}
	op, k, ok := branchHolds(e, func(x ast.Expr) bool { return c.names(x, v) })
	if !ok {
		return false
	}
	n, exact := c.intConst(k)
	return exact && (op == token.EQL && n == 0 || op == token.LEQ && n == 0 || op == token.LSS && n == 1)
}

// branchHolds returns the comparison that holds on branch e of an if
// statement whose condition compares an expression side accepts with
// another: its operator, with the accepted side on the left (0 < n is
// n > 0), negated on the else side, and the other operand.
func branchHolds(e paths.Edge, side func(ast.Expr) bool) (op token.Token, other ast.Expr, ok bool) {
	ifs, isIf := e.Stmt.(*ast.IfStmt)
	if !isIf || e.Kind != paths.Then && e.Kind != paths.Else {
		return 0, nil, false
	}
	b, isBin := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !isBin {
		return 0, nil, false
	}
	op, other = b.Op, b.Y
	if !side(b.X) {
		if !side(b.Y) {
			return 0, nil, false
		}
		op, other = swapped[op], b.X
	}
	if e.Kind == paths.Else {
		op = negated[op]
	}
	return op, other, true
}

// names reports whether e is an identifier for v.
func (c *checker) names(e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && c.p.Info.Uses[id] == v
}

// intConst returns the value of e when it is an integer constant that an
// int64 holds (see paths.IntConst).
func (c *checker) intConst(e ast.Expr) (int64, bool) {
	return paths.IntConst(c.p.Info, e)
}
