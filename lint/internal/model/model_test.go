package model_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// describe reports, at every make of a channel, what the model knows of it:
// its capacity, whether it escapes or is kept in a field, and what the
// function that makes it does with it.
var describe = &analysis.Analyzer{
	Name:     "describe",
	Doc:      "describe each channel made",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		p := pass.ResultOf[model.Analyzer].(*model.Program)
		for _, site := range p.Sites() {
			if site.Make == nil {
				continue
			}
			var what []string
			if p.Escapes(site) {
				what = append(what, "escapes")
			}
			if p.InField(site) {
				what = append(what, "in a field")
			}
			if len(what) == 0 {
				what = append(what, "uses: "+p.Use(site.Func, site).String())
			}
			pass.Reportf(site.Make.Pos(), "make cap=%d: %s", site.Cap, strings.Join(what, ", "))
		}
		return nil, nil
	},
}

func TestChannels(t *testing.T) {
	checktest.Run(t, describe, "chans", "crossuse")
}

func TestSummaries(t *testing.T) {
	checktest.Run(t, model.Analyzer, "helpers")
}

var _ = fmt.Sprint
