package swallowederr

import (
	"go/ast"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
)

// recordedReturns returns the return statements of the task literal lit
// whose error was first stored where the code that waits can read it:
// earlier in the same statement list, with no new value given to it in
// between, an assignment to a variable declared outside lit (errs[i] =
// err, errs = append(errs, err), firstErr = err) whose right side uses the
// variable returned. Such a task reports its
// failure twice, and code that reads the stored errors after Wait (the
// usual errors.Join(errs...)) loses nothing by ignoring Wait's copy, so
// these returns do not make the Wait's error worth checking.
func recordedReturns(info *types.Info, lit *ast.FuncLit) map[*ast.ReturnStmt]bool {
	out := make(map[*ast.ReturnStmt]bool)
	outside := func(v *types.Var) bool { return v.Pos() < lit.Pos() || v.Pos() >= lit.End() }
	list := func(stmts []ast.Stmt) {
		for i, st := range stmts {
			ret, ok := st.(*ast.ReturnStmt)
			if !ok || len(ret.Results) == 0 {
				continue
			}
			id, ok := ast.Unparen(ret.Results[len(ret.Results)-1]).(*ast.Ident)
			if !ok {
				continue
			}
			v, ok := info.Uses[id].(*types.Var)
			if !ok || outside(v) {
				continue
			}
			for j := i - 1; j >= 0; j-- {
				if storesOutside(info, stmts[j], v, outside) {
					out[ret] = true
					break
				}
				if paths.Writes(info, stmts[j], func(o types.Object) bool { return o == v }) {
					break // what is returned is not what was stored
				}
			}
		}
	}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if stmts, ok := model.StmtList(n); ok {
			list(stmts)
		}
		_, nested := n.(*ast.FuncLit)
		return !nested
	})
	return out
}

// storesOutside reports whether st assigns, to a variable for which
// outside holds (or an element or field of one), a value that uses v.
func storesOutside(info *types.Info, st ast.Stmt, v *types.Var, outside func(*types.Var) bool) bool {
	as, ok := st.(*ast.AssignStmt)
	if !ok {
		return false
	}
	target := false
	for _, l := range as.Lhs {
		if root := model.RootVar(info, l); root != nil && outside(root) {
			target = true
		}
	}
	if !target {
		return false
	}
	uses := false
	for _, r := range as.Rhs {
		ast.Inspect(r, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
				uses = true
			}
			return !uses
		})
	}
	return uses
}
