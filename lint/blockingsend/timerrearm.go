package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
)

// rearmedUnderSameCondition reports whether the timer drain op runs only
// after a Reset of the same timer that ran under the same condition:
//
//	delay := s.delay()
//	if delay > 0 {
//		t.Reset(delay)
//	}
//	... // nothing that touches t.C or assigns delay
//	if delay > 0 {
//		<-t.C
//	}
//
// The two ifs are statements of one list, with the same condition, made
// only of local variables, constants and operators, none of which the
// statements between assign; the first's body resets the timer outside
// any branch of its own, and nothing between uses the timer's channel. A
// path that skips the Reset skips the drain too, which the path search,
// blind to what a condition on a number says, does not see.
func rearmedUnderSameCondition(info *types.Info, op *model.Op, timer ast.Expr) bool {
	guard, list, at := drainGuard(op)
	if guard == nil || !localCondition(info, guard.Cond, op.Func) {
		return false
	}
	timerText, chanText := exprText(timer), exprText(op.Chan)
	read := condVars(info, guard.Cond)
	for i := at - 1; i >= 0; i-- {
		st := list[i]
		if ifs, ok := st.(*ast.IfStmt); ok && ifs.Init == nil && ifs.Else == nil && exprText(ifs.Cond) == exprText(guard.Cond) && resetsAtTop(ifs.Body, timerText) {
			return true
		}
		if usesText(st, chanText) || paths.Writes(info, st, func(o types.Object) bool { v, ok := o.(*types.Var); return ok && read[v] }) {
			return false
		}
	}
	return false
}

// drainGuard returns the if whose body holds op directly (op's statement
// is one of the body's own), with no else, and the statement list that
// holds that if and its index there.
func drainGuard(op *model.Op) (*ast.IfStmt, []ast.Stmt, int) {
	path := op.Path()
	for i := len(path) - 1; i >= 2; i-- {
		body, ok := path[i].(*ast.BlockStmt)
		if !ok {
			continue
		}
		ifs, ok := path[i-1].(*ast.IfStmt)
		if !ok || ifs.Body != body || ifs.Init != nil || ifs.Else != nil || model.StmtIndex(body.List, path[i+1]) < 0 {
			return nil, nil, -1
		}
		list, ok := model.StmtList(path[i-2])
		if !ok {
			return nil, nil, -1
		}
		return ifs, list, model.StmtIndex(list, ifs)
	}
	return nil, nil, -1
}

// localCondition reports whether cond is made only of variables declared
// in f, constants and operators: no call, field or index whose value
// another goroutine could change between two evaluations.
func localCondition(info *types.Info, cond ast.Expr, f *model.Func) bool {
	ok := true
	ast.Inspect(cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			switch obj := info.Uses[n].(type) {
			case *types.Var:
				ok = ok && f.Node().Pos() <= obj.Pos() && obj.Pos() < f.Node().End()
			case *types.Const, *types.Nil:
			default:
				ok = false
			}
		case *ast.UnaryExpr:
			ok = n.Op != token.ARROW
		case nil, *ast.BinaryExpr, *ast.ParenExpr, *ast.BasicLit:
		default:
			ok = false
		}
		return ok
	})
	return ok
}

// condVars returns the variables cond reads.
func condVars(info *types.Info, cond ast.Expr) map[*types.Var]bool {
	vars := make(map[*types.Var]bool)
	ast.Inspect(cond, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok {
				vars[v] = true
			}
		}
		return true
	})
	return vars
}

// resetsAtTop reports whether one of body's own statements is
// timer.Reset(...).
func resetsAtTop(body *ast.BlockStmt, timer string) bool {
	for _, st := range body.List {
		if es, ok := st.(*ast.ExprStmt); ok {
			if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok {
				if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Reset" && exprText(sel.X) == timer {
					return true
				}
			}
		}
	}
	return false
}

// usesText reports whether n holds an expression written as text.
func usesText(n ast.Node, text string) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if e, ok := x.(ast.Expr); ok && !found && exprText(e) == text {
			found = true
		}
		return !found
	})
	return found
}
