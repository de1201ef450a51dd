package concur_test

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/internal/concur"
	"golang.org/x/tools/go/analysis"
)

// describe reports, at every spawn, what the Index knows about it: how it
// starts, which function runs and which cancellers are in scope inside it.
var describe = &analysis.Analyzer{
	Name:     "describe",
	Doc:      "describe each spawn",
	Requires: []*analysis.Analyzer{concur.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		ix := pass.ResultOf[concur.Analyzer].(*concur.Index)
		for _, s := range ix.Spawns {
			how := "go"
			if s.Go == nil {
				how = fmt.Sprintf("%s/%s", family(s.Call.Family), s.Call.Fn.Name())
			}
			runs := "unresolved"
			var inside token.Pos
			if s.Func != nil {
				inside = s.Func.Body().Lbrace + 1
				if s.Func.Decl != nil {
					runs = s.Func.Decl.Name.Name
				} else {
					runs = "literal"
				}
			}
			var names []string
			if inside.IsValid() {
				for _, c := range concur.CancellersAt(pass.Pkg, inside) {
					names = append(names, c.String())
				}
			}
			pass.Reportf(s.Node().Pos(), "%s runs %s with [%s]", how, runs, strings.Join(names, " "))
		}
		return nil, nil
	},
}

func family(f concur.Family) string {
	return [...]string{"none", "errgroup", "leash", "conc", "waitgroup", "semaphore", "context"}[f]
}

func TestIndex(t *testing.T) {
	checktest.Run(t, describe, "spawns")
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
