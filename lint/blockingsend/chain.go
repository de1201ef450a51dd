package blockingsend

import (
	"go/ast"

	"github.com/leash-go/leash/lint/internal/model"
)

// takenEveryTime reports whether the call at is made every time f runs
// as far as f's own branches go: it is not in the body of an if or else,
// a case of a switch or select, or a loop. blocks follows only such calls
// from a callee into its own callees. A wait reached through a chain of
// calls each made on a branch (a maintenance switch that, in one topology
// and one state, starts a switchover that signals the monitor loop)
// depends on conditions spread over several functions that the check
// does not weigh together; one hop down, the branch is in plain sight of
// whoever reads the finding, so the callee's own waits still count
// wherever they are.
func takenEveryTime(f *model.Func, at ast.Node) bool {
	every := true
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		if n == nil || !every || !within(at, n) {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			every = !within(at, n.Body) && (n.Else == nil || !within(at, n.Else))
		case *ast.CaseClause, *ast.CommClause:
			every = false
		case *ast.ForStmt:
			every = !within(at, n.Body)
		case *ast.RangeStmt:
			every = !within(at, n.Body)
		}
		return every
	})
	return every
}
