// Command factprobe is the leash command with one more analyzer that
// stands for checks built on facts: it requires ctrlflow (control-flow
// graphs of every function, and its "never returns" facts) and exports a
// summary fact for every function, importing those of the functions it
// calls in other packages. It measures what analysing the dependencies for
// facts costs the driver, in time and memory, whatever the checks do.
//
// Usage: factprobe [leash flags, -facts=main|std|all among them] [packages]
package main

import (
	"go/ast"
	"go/types"
	"os"
	"runtime/debug"

	"github.com/leash-go/leash/lint/checks"
	"github.com/leash-go/leash/lint/internal/driver"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/types/typeutil"
)

// summary is the fact exported for every function.
type summary struct {
	Blocks, Calls int
	Returns       bool
}

func (*summary) AFact() {}

var probe = &analysis.Analyzer{
	Name:      "factprobe",
	Doc:       "export a summary fact for every function",
	Requires:  []*analysis.Analyzer{ctrlflow.Analyzer},
	FactTypes: []analysis.Fact{new(summary)},
	Run: func(pass *analysis.Pass) (any, error) {
		cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
		for _, f := range pass.Files {
			for _, decl := range f.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok || fd.Body == nil {
					continue
				}
				g := cfgs.FuncDecl(fd)
				if g == nil {
					continue // a function ctrlflow does not model (in the runtime)
				}
				fn := pass.TypesInfo.Defs[fd.Name].(*types.Func)
				s := &summary{Blocks: len(g.Blocks), Returns: !cfgs.NoReturn(fn)}
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok {
						if callee := typeutil.StaticCallee(pass.TypesInfo, call); callee != nil && callee.Pkg() != pass.Pkg {
							var their summary
							if pass.ImportObjectFact(callee, &their) {
								s.Calls++
							}
						}
					}
					return true
				})
				pass.ExportObjectFact(fn, s)
			}
		}
		return nil, nil
	},
}

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50) // as the leash command
	}
	os.Exit(driver.Run(os.Args[1:], append(checks.All[:len(checks.All):len(checks.All)], probe), driver.Options{
		Stdout: os.Stdout,
		Stderr: os.Stderr,
	}))
}
