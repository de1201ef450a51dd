package blockingsend

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/leash-go/leash/lint/internal/flow"
	"golang.org/x/tools/go/analysis"
)

// abandonedFields reports a send on an unbuffered channel kept in an
// unexported struct field (or package variable) when every receive from
// that channel is a select case that can give up on it: once the receiving
// loop has taken its way out — ctx.Done(), a stop channel, a timeout —
// nothing will ever take the value, and the sender blocks forever. A
// channel other packages can reach — an exported field, an accessor
// returning it — may have receivers the check cannot see.
func (c *checker) abandonedFields() {
	escapes := make(map[*types.Var]bool)
	for _, op := range c.ix.Ops {
		if op.Kind != flow.Send || !op.Bare() || isTestFunc(op.Func()) {
			continue
		}
		v, ok := op.Key.(*types.Var)
		if !ok || !(v.IsField() || v.Parent() == c.pass.Pkg.Scope()) || v.Exported() || !c.ix.Unbuffered(v) {
			continue
		}
		esc, seen := escapes[v]
		if !seen {
			esc = c.fieldEscapes(v, true)
			escapes[v] = esc
		}
		if esc {
			continue
		}
		var at *flow.Op
		var leave *ast.CommClause
		abandoned := true
		for _, r := range c.ix.OpsOf(v) {
			if r.Kind == flow.Range || (r.Kind == flow.Recv && r.Bare()) || (r.Kind == flow.Recv && r.Func() == op.Func()) {
				abandoned = false
				break
			}
			if r.Kind != flow.Recv {
				continue
			}
			alt := c.ix.LeavingCase(r)
			if alt == nil {
				abandoned = false
				break
			}
			if at == nil {
				at, leave = r, alt
			}
		}
		if !abandoned || at == nil {
			continue
		}
		send := op.Node.(*ast.SendStmt)
		msg := fmt.Sprintf("send on %s can block forever: its receiver (%s, line %d) stops receiving once %s wins its select",
			exprText(op.Chan), funcName(at.Func()), c.pass.Fset.Position(at.Node.Pos()).Line, caseText(leave))
		d := analysis.Diagnostic{Pos: send.Pos()}
		if cc := c.watchedCancel(op); cc != nil {
			can := c.caseCanceller(cc)
			d.Message = msg + "; send in a select with " + can.recv + " too"
			d.SuggestedFixes = c.selectFix(send, op.Func(), can)
		} else if can, ok := c.cancellerAt(send.Pos()); ok {
			d.Message = msg + "; send in a select with " + can.recv + " too"
			d.SuggestedFixes = c.selectFix(send, op.Func(), can)
		} else {
			d.Message = msg + "; give the sender a done channel or context to select on"
		}
		c.report(send, d)
	}
}

// isTestFunc reports whether fn is a test, benchmark or fuzz function (or
// a method of a test suite named so) taking a *testing.T, B or F. A send in
// its own body that blocks does not leak: the test hangs, and go test's
// timeout reports where. Goroutines the test starts still count.
func isTestFunc(fn ast.Node) bool {
	d, ok := fn.(*ast.FuncDecl)
	if !ok || d.Type.Params == nil || len(d.Type.Params.List) != 1 {
		return false
	}
	named := false
	for _, prefix := range []string{"Test", "Benchmark", "Fuzz"} {
		named = named || strings.HasPrefix(d.Name.Name, prefix)
	}
	star, ok := d.Type.Params.List[0].Type.(*ast.StarExpr)
	if !ok || !named {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	return ok && (sel.Sel.Name == "T" || sel.Sel.Name == "B" || sel.Sel.Name == "F")
}

// funcName names a function declaration or literal for a message.
func funcName(fn ast.Node) string {
	if d, ok := fn.(*ast.FuncDecl); ok {
		return d.Name.Name
	}
	return "a function literal"
}
