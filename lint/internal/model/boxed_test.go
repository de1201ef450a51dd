package model_test

import (
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// openMethods reports every method that code out of sight may call.
var openMethods = &analysis.Analyzer{
	Name:     "openmethods",
	Doc:      "report the methods code out of sight may call",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		p := pass.ResultOf[model.Analyzer].(*model.Program)
		for _, f := range p.Funcs {
			if f.Decl != nil && f.Decl.Recv != nil && f.Open() {
				pass.Reportf(f.Decl.Name.Pos(), "open")
			}
		}
		return nil, nil
	},
}

func TestOpenMethods(t *testing.T) {
	checktest.Run(t, openMethods, "boxed")
}
