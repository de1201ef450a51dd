package ctxgoroutine

import (
	"go/ast"

	"github.com/leash-go/leash/lint/internal/endings"
	"golang.org/x/tools/go/analysis"
)

// pendingOn returns, for a goroutine whose one means of being stopped is a
// context parameter of the declared function that starts it, what lets
// the leash command drop the finding once every call of that function, in
// every package it checks, hands it a context nothing ends
// (context.Background(), or one derived from it with no deadline; see
// endings.Pending). Such a context ends, if ever, only as the program
// does: a loop that ignores it runs no longer than one that watched it
// would. nil for any other goroutine. go vet and golangci-lint, which see
// one package at a time, keep the finding.
func (c *checker) pendingOn(g goroutine) *endings.Pending {
	if len(g.cancellers) != 1 || g.ctx == nil || g.ctx.Via != nil || g.declared == nil || g.declared.Obj == nil {
		return nil
	}
	params := g.declared.Obj.Signature().Params()
	for i := range params.Len() {
		if params.At(i) == g.ctx.Var {
			return &endings.Pending{CtxFunc: endings.Key(g.declared.Obj), CtxArg: i}
		}
	}
	return nil
}

// reportPending reports d, once for n, noting p (if any) as the finding's
// pending condition.
func (c *checker) reportPending(n ast.Node, d analysis.Diagnostic, p *endings.Pending) {
	if c.reported[n] {
		return
	}
	c.report(n, d)
	if p != nil {
		p.Pos = d.Pos
		c.pending = append(c.pending, *p)
	}
}
