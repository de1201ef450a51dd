package blockingsend

import (
	"go/ast"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/flow"
	"github.com/leash-go/leash/lint/internal/ignore"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports channel operations that can block forever because the
// goroutine on the other side may be gone.
var Analyzer = &analysis.Analyzer{
	Name: "blockingsend",
	Doc: `report sends (and receives) that can block forever because the other side may leave

A send on an unbuffered channel waits for a receiver. When the receiver can
stop waiting — it selects on ctx.Done() or a timeout, returns on an error,
or reads fewer values than are sent — and nothing else guards the send, the
sending goroutine leaks. The same holds for a channel operation made while
holding a mutex that the other side needs, and for a receive that nothing
can ever satisfy.`,
	URL:      "https://pkg.go.dev/github.com/leash-go/leash/lint/blockingsend",
	Requires: []*analysis.Analyzer{concur.Analyzer, flow.Analyzer},
	Run:      ignore.Wrap(run),
}

// checker holds one pass's state: every rule reports through it, and a
// node reported by one rule is not reported again by a later one.
type checker struct {
	pass     *analysis.Pass
	ix       *flow.Index
	spawns   *concur.Index
	reported map[ast.Node]bool
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:     pass,
		ix:       pass.ResultOf[flow.Analyzer].(*flow.Index),
		spawns:   pass.ResultOf[concur.Analyzer].(*concur.Index),
		reported: make(map[ast.Node]bool),
	}
	// The rules run from the most specific explanation to the most general.
	c.localChannels()
	c.abandonedFields()
	c.ignoredCancel()
	c.underLock()
	c.timerDrain()
	c.neverSent()
	c.orphanFields()
	c.orphanConds()
	return nil, nil
}

func (c *checker) report(n ast.Node, d analysis.Diagnostic) {
	if c.reported[n] {
		return
	}
	c.reported[n] = true
	if d.Pos == 0 {
		d.Pos = n.Pos()
	}
	c.pass.Report(d)
}

// funcs calls f for every function declaration and literal with a body.
func (c *checker) funcs(f func(fn ast.Node, body *ast.BlockStmt)) {
	for _, file := range c.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body != nil {
					f(n, n.Body)
				}
			case *ast.FuncLit:
				f(n, n.Body)
			}
			return true
		})
	}
}
