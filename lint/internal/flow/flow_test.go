package flow_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/internal/flow"
	"golang.org/x/tools/go/analysis"
)

// describe reports what the Index knows: at each channel operation its
// kind, the channel's identity, whether it is bare, whether its select can
// leave, and the locks held; at each function that can block, where.
var describe = &analysis.Analyzer{
	Name:     "describe",
	Doc:      "describe the flow index",
	Requires: []*analysis.Analyzer{flow.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		ix := pass.ResultOf[flow.Analyzer].(*flow.Index)
		held := make(map[ast.Node][]flow.Lock)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if _, body := flow.FuncParts(n); body != nil {
					flow.HeldLocks(pass.TypesInfo, body, func(x ast.Node, locks []flow.Lock) { held[x] = locks })
				}
				return true
			})
		}
		for _, op := range ix.Ops {
			kind := [...]string{"send", "recv", "range", "close"}[op.Kind]
			key := "?"
			if op.Key != nil {
				key = op.Key.Name()
			}
			shape := "bare"
			if !op.Bare() {
				shape = "case"
				if ix.LeavingCase(op) != nil {
					shape = "case leaving"
				}
			}
			var locks []string
			for _, l := range held[op.Node] {
				locks = append(locks, l.Expr)
			}
			pass.Reportf(op.Node.Pos(), "%s %s %s [%s]", kind, key, shape, strings.Join(locks, " "))
		}
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					fn := pass.TypesInfo.Defs[fd.Name].(*types.Func)
					if b := ix.Blocks(fn); b != nil {
						pass.Reportf(fd.Name.Pos(), "blocks in %s", b.Owner.Name())
					}
				}
			}
		}
		return nil, nil
	},
}

func TestIndex(t *testing.T) {
	checktest.Run(t, describe, "describe")
}

func ExampleIsBuiltin() {
	fmt.Println(flow.IsBuiltin(&types.Info{}, ast.NewIdent("close"), "close"))
	// Output: false
}
