package model_test

import (
	"fmt"
	"go/token"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// describe reports, at every spawn, what the Index knows about it: how it
// starts, which function runs and which cancellers are in scope inside it.
var describeSpawns = &analysis.Analyzer{
	Name:     "describe",
	Doc:      "describe each spawn",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		ix := pass.ResultOf[model.Analyzer].(*model.Program)
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

func TestSpawns(t *testing.T) {
	checktest.Run(t, describeSpawns, "spawns")
}
