package locks_test

import (
	"go/ast"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/internal/locks"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// held reports, at each statement marked by a `want` comment in the
// testdata, the mutexes held on every path to it.
var held = &analysis.Analyzer{
	Name:     "held",
	Doc:      "report the mutexes held at each statement",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		p := pass.ResultOf[model.Analyzer].(*model.Program)
		a := locks.New(p, nil)
		marked := make(map[int]bool) // lines with a want comment
		for _, f := range pass.Files {
			for _, g := range f.Comments {
				if strings.Contains(g.Text(), "want") {
					marked[pass.Fset.Position(g.Pos()).Line] = true
				}
			}
		}
		for _, f := range p.Funcs {
			for n, st := range a.HeldAt(f) {
				if _, ok := n.(ast.Stmt); !ok || !marked[pass.Fset.Position(n.Pos()).Line] {
					continue
				}
				var names []string
				for _, h := range st.Must {
					names = append(names, locks.Display(h.Ref))
				}
				if len(names) == 0 {
					names = []string{"none"}
				}
				pass.Reportf(n.Pos(), "held: %s", strings.Join(names, ", "))
			}
		}
		return nil, nil
	},
}

func TestHeld(t *testing.T) {
	checktest.Run(t, held, "held")
}
