package ctxgoroutine

import (
	"go/ast"
	"go/token"

	"github.com/leash-go/leash/lint/internal/model"

	"github.com/leash-go/leash/lint/internal/concur"
	"golang.org/x/tools/go/analysis"
)

// detachedContexts reports context.Background() and context.TODO() in a
// goroutine that has a context: the work it starts with them cannot be
// cancelled by whoever cancels that context. A fresh context after the
// goroutine has seen its own context end (cleanup, shutdown with a new
// deadline) is fine, and so is context.WithoutCancel(ctx), which says
// "outlive the caller" on purpose. So is a fresh context given its own
// deadline (context.WithTimeout(context.Background(), d)): the work is
// bounded, by a choice the check cannot second-guess.
func (c *checker) detachedContexts(g goroutine) {
	ended := token.NoPos // where the goroutine has seen its context end
	bounded := make(map[ast.Node]bool)
	inspect(g.body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && concur.GivesDeadline(c.pass.TypesInfo, call) {
			bounded[ast.Unparen(call.Args[0])] = true
		}
		if bounded[n] {
			return true
		}
		switch n := n.(type) {
		case *ast.CommClause:
			if ch := model.RecvChan(n.Comm); ch != nil && c.p.IsCancel(ch) {
				return false // the cancellation branch: cleanup may use a fresh context
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && c.p.IsCancel(n.X) && (!ended.IsValid() || n.Pos() < ended) {
				ended = n.Pos()
			}
		case *ast.CallExpr:
			if !concur.Is(c.pass.TypesInfo, n, concur.Detached) || (ended.IsValid() && n.Pos() > ended) {
				return true
			}
			fn := concur.Callee(c.pass.TypesInfo, n)
			ctx := g.ctx.String()
			c.report(n, analysis.Diagnostic{
				Pos:     n.Pos(),
				End:     n.End(),
				Message: "context." + fn.Name() + "() in a goroutine that has " + ctx + ": its work cannot be cancelled; use " + ctx + ", or context.WithoutCancel(" + ctx + ") to outlive it on purpose",
				SuggestedFixes: []analysis.SuggestedFix{{
					Message:   "Use " + ctx,
					TextEdits: []analysis.TextEdit{{Pos: n.Pos(), End: n.End(), NewText: []byte(ctx)}},
				}},
			})
		}
		return true
	})
}
