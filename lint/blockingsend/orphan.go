package blockingsend

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/flow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// orphanFields reports a wait on a channel kept in an unexported struct
// field that nothing can ever end: a receive when the package never sends
// on the field or closes it, a send on an unbuffered field it never
// receives from. The field's channels are all made here, and the field
// never leaves the package but as a receive-only channel, so no code
// elsewhere can make up for it.
func (c *checker) orphanFields() {
	type escapeKey struct {
		v    *types.Var
		send bool
	}
	escapes := make(map[escapeKey]bool)
	for _, op := range c.ix.Ops {
		if !op.Bare() || c.reported[op.Node] || op.Kind == flow.Close {
			continue
		}
		v, ok := op.Key.(*types.Var)
		if !ok || !v.IsField() || v.Exported() || v.Pkg() != c.pass.Pkg || !c.ix.OnlyMade(v) {
			continue
		}
		if len(c.ix.Counterparts(v, op.Kind)) > 0 || (op.Kind == flow.Send && !c.ix.Unbuffered(v)) {
			continue
		}
		key := escapeKey{v, op.Kind == flow.Send}
		esc, seen := escapes[key]
		if !seen {
			esc = c.fieldEscapes(v, key.send)
			escapes[key] = esc
		}
		if esc {
			continue
		}
		var msg string
		if op.Kind == flow.Send {
			msg = fmt.Sprintf("send on %s blocks forever: nothing in this package receives from %s, and nothing outside can", exprText(op.Chan), v.Name())
		} else {
			msg = fmt.Sprintf("receive from %s blocks forever: nothing in this package sends on %s or closes it, and nothing outside can", exprText(op.Chan), v.Name())
		}
		c.report(op.Node, analysis.Diagnostic{Pos: op.Node.Pos(), Message: msg})
	}
}

// fieldEscapes reports whether the channel field v is used other than by a
// channel operation, a make stored in it, a copy into a local alias, or —
// when the question is who can send (forSend false: who could end a
// receive) — an accessor returning it receive-only.
func (c *checker) fieldEscapes(v *types.Var, forSend bool) bool {
	info := c.pass.TypesInfo
	escapes := false
	for _, f := range c.pass.Files {
		ast.PreorderStack(f, nil, func(n ast.Node, stack []ast.Node) bool {
			if escapes {
				return false
			}
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			s, ok := info.Selections[sel]
			if !ok || s.Kind() != types.FieldVal || s.Obj().(*types.Var).Origin() != v {
				return true
			}
			if !c.innocentUse(sel, stack, forSend) {
				escapes = true
			}
			return false
		})
	}
	return escapes
}

// sel2field returns the field a selector reads.
func sel2field(info *types.Info, sel *ast.SelectorExpr) types.Object {
	if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal {
		return s.Obj().(*types.Var).Origin()
	}
	return nil
}

// innocentUse reports whether the field selector sel, under the ancestors
// stack, is one of the uses fieldEscapes allows.
func (c *checker) innocentUse(sel *ast.SelectorExpr, stack []ast.Node, forSend bool) bool {
	info := c.pass.TypesInfo
	i := len(stack) - 1
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		i--
	}
	if i < 0 {
		return false
	}
	is := func(e ast.Expr) bool { return ast.Unparen(e) == sel }
	switch p := stack[i].(type) {
	case *ast.SendStmt:
		return is(p.Chan)
	case *ast.UnaryExpr:
		return p.Op == token.ARROW
	case *ast.RangeStmt:
		return is(p.X)
	case *ast.CallExpr:
		if flow.IsBuiltin(info, p.Fun, "close", "len", "cap") {
			return true
		}
		// Passed to the package's own function, called from here only:
		// inside, the parameter is this field (see flow.Index.Key).
		if decl := c.ix.Decl(typeutil.StaticCallee(info, p)); decl != nil {
			for j, a := range p.Args {
				if is(a) {
					if param := paramAt(info, decl, j); param != nil && c.ix.Bound(param) == sel2field(info, sel) {
						return true
					}
				}
			}
		}
		return false
	case *ast.AssignStmt:
		for j, lhs := range p.Lhs {
			if is(lhs) {
				return true // a make stored in it (OnlyMade checked the rest)
			}
			if j < len(p.Rhs) && is(p.Rhs[j]) {
				if id, ok := lhs.(*ast.Ident); ok {
					if lv, ok := info.ObjectOf(id).(*types.Var); ok && c.ix.IsAlias(lv) {
						return true
					}
				}
			}
		}
	case *ast.ReturnStmt:
		if forSend {
			return false // a receive-only accessor lets others receive
		}
		for j := i - 1; j >= 0; j-- {
			if fd, ok := stack[j].(*ast.FuncDecl); ok {
				if t := info.TypeOf(fd.Type.Results.List[0].Type); t != nil {
					if ch, ok := t.Underlying().(*types.Chan); ok && ch.Dir() == types.RecvOnly {
						return true
					}
				}
				return false
			}
			if _, ok := stack[j].(*ast.FuncLit); ok {
				return false
			}
		}
	}
	return false
}
