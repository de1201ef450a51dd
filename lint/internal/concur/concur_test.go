package concur_test

import (
	"go/ast"
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/internal/concur"
	"golang.org/x/tools/go/analysis"
)

func family(f concur.Family) string {
	return [...]string{"none", "errgroup", "leash", "conc", "waitgroup", "semaphore", "context"}[f]
}

// roles reports the role of every recognised call.
var roles = &analysis.Analyzer{
	Name: "roles",
	Doc:  "report recognised calls",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if c, ok := concur.CallOf(pass.TypesInfo, call); ok {
						pass.Reportf(call.Lparen, "%s %s task=%d", family(c.Family), roleNames[c.Role], c.Task)
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

var roleNames = map[concur.Role]string{
	concur.Go: "Go", concur.ForEach: "ForEach", concur.Wait: "Wait", concur.SetLimit: "SetLimit",
	concur.Limit: "Limit", concur.NewGroup: "NewGroup", concur.WithContext: "WithContext",
	concur.Add: "Add", concur.Done: "Done", concur.Acquire: "Acquire", concur.Release: "Release",
	concur.CtxDone: "CtxDone", concur.Detached: "Detached", concur.WithoutCancel: "WithoutCancel",
	concur.Derive: "Derive",
}

func TestRoles(t *testing.T) {
	checktest.Run(t, roles, "roles")
}
