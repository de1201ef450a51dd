package lockorder

import (
	"go/ast"
	"go/token"
	"go/types"
)

// onFailedAssertion reports whether the return at ret runs only when a
// type assertion in body has failed: it is in the then-branch of
// if !ok, where ok is the second result of v, ok := x.(T).
//
// Whether such a branch ever runs depends on which dynamic types reach
// the assertion, which the code in sight does not show: most often the
// branch guards against a type that is never stored (a defensive check
// that a constructor rules out). A lock kept there is reported only when
// something shows that the branch is taken, which nothing here does, so
// the finding is left out.
func (c *checker) onFailedAssertion(body *ast.BlockStmt, ret token.Pos) bool {
	asserted := map[types.Object]bool{}
	found := false
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				if _, ok := ast.Unparen(n.Rhs[0]).(*ast.TypeAssertExpr); ok {
					if id, ok := n.Lhs[1].(*ast.Ident); ok {
						if obj := c.pass.TypesInfo.ObjectOf(id); obj != nil {
							asserted[obj] = true
						}
					}
				}
			}
		case *ast.ReturnStmt:
			if n.Pos() != ret {
				return true
			}
			for i := len(stack) - 1; i > 0; i-- {
				if ifs, ok := stack[i-1].(*ast.IfStmt); ok && ifs.Body == stack[i] && c.assertionFailed(ifs.Cond, asserted) {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// assertionFailed reports whether cond is !ok for an ok in asserted.
func (c *checker) assertionFailed(cond ast.Expr, asserted map[types.Object]bool) bool {
	not, ok := ast.Unparen(cond).(*ast.UnaryExpr)
	if !ok || not.Op != token.NOT {
		return false
	}
	id, ok := ast.Unparen(not.X).(*ast.Ident)
	return ok && asserted[c.pass.TypesInfo.ObjectOf(id)]
}
