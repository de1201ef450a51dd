package blockingsend

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// canceller is what a rewritten send also waits for: the receive
// expression of a select case ("<-ctx.Done()") and, for a context, the
// context expression (for return ctx.Err()).
type canceller struct {
	recv string
	ctx  string
}

// cancellerAt returns the innermost context in scope at pos, else the
// innermost done channel: a variable or field of type chan struct{} that
// the package closes or never sends on, and that is not made by the
// function itself. ok is false if there is neither.
func (c *checker) cancellerAt(pos token.Pos) (canceller, bool) {
	var done *concur.Canceller
	for _, can := range concur.CancellersAt(c.p.Pkg, pos) {
		if can.IsContext() {
			return canceller{recv: "<-" + can.String() + ".Done()", ctx: can.String()}, true
		}
		if done == nil && c.isDoneVar(can.Var, pos) {
			done = &can
		}
	}
	if done != nil {
		return canceller{recv: "<-" + done.String()}, true
	}
	return canceller{}, false
}

// isDoneVar reports whether v behaves as a done channel at pos: the
// package never sends on it nor ranges over it, it is a field, a parameter
// or a package variable rather than a channel made locally for some other
// purpose, and it is not only ever made by the function at pos itself
// (then nobody else has it yet to close).
func (c *checker) isDoneVar(v *types.Var, pos token.Pos) bool {
	sites, _ := c.p.SitesOf(v)
	made, fresh := false, len(sites) > 0
	at := c.p.FuncAt(pos)
	for _, s := range sites {
		made = made || s.Make != nil
		fresh = fresh && s.Make != nil && s.Func == at
		for _, op := range c.p.OpsOf(s) {
			if op.Kind == model.Send || op.Kind == model.Range {
				return false // data flows through it: no stop signal
			}
		}
	}
	return (v.IsField() || !made) && !fresh
}

// selectFix rewrites the send statement send, in function fn, as a select
// that also waits for can and returns when it fires. It returns nil when
// fn's results leave no obvious value to return.
func (c *checker) selectFix(send *ast.SendStmt, fn ast.Node, can canceller) []analysis.SuggestedFix {
	ret, ok := c.returnText(fn, can)
	if !ok {
		return nil
	}
	src := c.source(send.Pos())
	if src == nil {
		return nil
	}
	file := c.pass.Fset.File(send.Pos())
	indent := lineIndent(src, file.Offset(send.Pos()))
	sendText := string(src[file.Offset(send.Pos()):file.Offset(send.End())])
	var b bytes.Buffer
	b.WriteString("select {\n")
	b.WriteString(indent + "case " + sendText + ":\n")
	b.WriteString(indent + "case " + can.recv + ":\n")
	b.WriteString(indent + "\t" + ret + "\n")
	b.WriteString(indent + "}")
	return []analysis.SuggestedFix{{
		Message:   "Send in a select that also waits for " + strings.TrimPrefix(can.recv, "<-"),
		TextEdits: []analysis.TextEdit{{Pos: send.Pos(), End: send.End(), NewText: b.Bytes()}},
	}}
}

// lineIndent returns the leading blanks of the line of src holding offset:
// the indentation the lines of a rewritten statement continue with, also
// when the statement does not start its line.
func lineIndent(src []byte, offset int) string {
	start := bytes.LastIndexByte(src[:offset], '\n') + 1
	end := start
	for end < offset && (src[end] == '\t' || src[end] == ' ') {
		end++
	}
	return string(src[start:end])
}

// returnText is the statement that leaves fn when the canceller fires:
// "return" for a function without results, "return ctx.Err()" for one
// returning only an error when the canceller is a context.
func (c *checker) returnText(fn ast.Node, can canceller) (string, bool) {
	f := c.p.FuncOf(fn)
	if f == nil {
		return "", false
	}
	ft := f.Type()
	if ft.Results == nil || len(ft.Results.List) == 0 {
		return "return", true
	}
	if len(ft.Results.List) == 1 && len(ft.Results.List[0].Names) <= 1 && can.ctx != "" &&
		concur.IsError(c.p.Info.TypeOf(ft.Results.List[0].Type)) {
		return "return " + can.ctx + ".Err()", true
	}
	return "", false
}

// source returns the content of the file holding pos, or nil.
func (c *checker) source(pos token.Pos) []byte {
	name := c.pass.Fset.File(pos).Name()
	data, err := c.pass.ReadFile(name)
	if err != nil {
		return nil
	}
	return data
}

// exprText renders an expression for a message.
func exprText(e ast.Expr) string { return types.ExprString(e) }
