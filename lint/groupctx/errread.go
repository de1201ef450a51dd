package groupctx

import (
	"go/ast"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/model"
)

// deliberateReads drops, from the uses of the parent context in a task,
// those that only ask the parent whether it was cancelled, once, when the
// task does its work with its own context:
//
//	found, err := idx.Get(gctx, id)
//	if err != nil && !errors.Is(err, ctx.Err()) { return err }
//
// The task stops when a sibling fails; reading the parent's Err tells the
// caller's cancel from the group's, which the group's context cannot. A
// read in a loop still counts: a retry loop that asks the parent whether
// to go on keeps retrying after a sibling failed.
func (c *checker) deliberateReads(body *ast.BlockStmt, own *types.Var, uses []*ast.Ident) []*ast.Ident {
	if !c.watches(body, own) {
		return uses
	}
	return slices.DeleteFunc(slices.Clone(uses), func(id *ast.Ident) bool {
		return c.onlyErrOnce(id)
	})
}

// watches reports whether some use of ctx in body is watched: its
// cancellation changes what the code does (see model.Program.WatchedAt).
func (c *checker) watches(body ast.Node, ctx *types.Var) bool {
	return slices.ContainsFunc(usesOf(c.pass.TypesInfo, body, map[*types.Var]bool{ctx: true}), c.p.WatchedAt)
}

// onlyErrOnce reports whether the use id of a context, outside any loop,
// calls its Err method, or hands it to a function of the package that
// does nothing with that parameter but call Err.
func (c *checker) onlyErrOnce(id *ast.Ident) bool {
	f := c.p.FuncAt(id.Pos())
	if f == nil {
		return false
	}
	if call := methodCallOn(f, id); call != nil {
		return len(call.Loops) == 0 && isErrCall(call)
	}
	for _, call := range f.Calls {
		if len(call.Loops) > 0 {
			continue
		}
		for i, a := range call.Expr.Args {
			if ast.Unparen(a) == id {
				return c.paramOnlyErr(call, i)
			}
		}
	}
	return false
}

// paramOnlyErr reports whether call's callee, a function of the package,
// uses its i-th parameter only to call its Err method.
func (c *checker) paramOnlyErr(call *model.Call, i int) bool {
	t := call.Target
	if t == nil || !call.Static || t.Body() == nil {
		return false
	}
	params := t.Sig.Params()
	if i >= params.Len() || t.Sig.Variadic() && i >= params.Len()-1 {
		return false
	}
	uses := usesOf(c.pass.TypesInfo, t.Body(), map[*types.Var]bool{params.At(i): true})
	if len(uses) == 0 {
		return false
	}
	for _, u := range uses {
		if call := methodCallOn(t, u); call == nil || !isErrCall(call) {
			return false
		}
	}
	return true
}

// methodCallOn returns the call of f whose receiver is the use id (id.M(…)),
// or nil.
func methodCallOn(f *model.Func, id *ast.Ident) *model.Call {
	for _, call := range f.Calls {
		if sel, ok := ast.Unparen(call.Expr.Fun).(*ast.SelectorExpr); ok && ast.Unparen(sel.X) == id {
			return call
		}
	}
	return nil
}

// isErrCall reports whether call is x.Err().
func isErrCall(call *model.Call) bool {
	sel, ok := ast.Unparen(call.Expr.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Err" && len(call.Expr.Args) == 0
}
