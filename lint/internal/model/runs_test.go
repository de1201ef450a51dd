package model_test

import (
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// neverRun reports every function that can never run.
var neverRun = &analysis.Analyzer{
	Name:     "neverrun",
	Doc:      "report the functions that never run",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		p := pass.ResultOf[model.Analyzer].(*model.Program)
		for _, f := range p.Funcs {
			if !p.Runs(f) {
				pass.Reportf(f.Node().Pos(), "never runs")
			}
		}
		return nil, nil
	},
}

func TestRuns(t *testing.T) {
	checktest.Run(t, neverRun, "runs")
}
