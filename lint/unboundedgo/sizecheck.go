package unboundedgo

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
)

// sizeChecked reports whether fn, before pos, turns away a collection
// reached from v when it is too large: an if whose condition compares its
// length with a bound (len(req.IDs) > max, max < len(items)) and whose
// branch returns,
//
//	if len(req.IDs) > maxBatch { return errTooMany }
//
// or an if that returns when a function of the package, handed the
// collection in the if's own statement or the one just before it, fails —
// and that function turns it away so itself:
//
//	if err := validate(step, items); err != nil { return err }
//
// Whatever the request brought, the fan-out after it starts at most as
// many goroutines as the bound allows: a size the program chose.
func sizeChecked(p *model.Program, fn ast.Node, v *types.Var, pos token.Pos) bool {
	return rejectsLarge(p, fn, v, pos, 1)
}

func rejectsLarge(p *model.Program, fn ast.Node, v *types.Var, pos token.Pos, depth int) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if found || n == nil || n.Pos() >= pos {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok && n != fn {
			return false
		}
		// Only the statement lists around pos: an if in another branch
		// does not stand on every path to it.
		if list, ok := model.StmtList(n); ok && n.End() >= pos {
			for i, st := range list {
				if st.Pos() >= pos {
					break
				}
				ifs, ok := st.(*ast.IfStmt)
				if !ok || !returns(ifs.Body, depth == 0) {
					continue
				}
				if boundsLen(p.Info, ifs.Cond, v) {
					found = true
					return false
				}
				if depth > 0 {
					prev := ifs.Init
					if prev == nil && i > 0 {
						prev = list[i-1]
					}
					if validates(p, prev, v, depth) {
						found = true
						return false
					}
				}
			}
		}
		return true
	})
	return found
}

// boundsLen reports whether cond, or one of its || operands, is true when
// the length of a collection reached from v exceeds a bound.
func boundsLen(info *types.Info, cond ast.Expr, v *types.Var) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	lenOf := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		return ok && len(call.Args) == 1 && model.IsBuiltin(info, call.Fun, "len") && model.RootVar(info, call.Args[0]) == v
	}
	switch b.Op {
	case token.LOR:
		return boundsLen(info, b.X, v) || boundsLen(info, b.Y, v)
	case token.GTR, token.GEQ:
		return lenOf(b.X)
	case token.LSS, token.LEQ:
		return lenOf(b.Y)
	}
	return false
}

// validates reports whether st calls a function of the package, handing it
// a collection reached from v, that turns the collection away when it is
// too large (see sizeChecked) before it returns.
func validates(p *model.Program, st ast.Stmt, v *types.Var, depth int) bool {
	as, ok := st.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 {
		return false
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return false
	}
	f := p.FuncAt(call.Pos())
	if f == nil {
		return false
	}
	for _, c := range f.Calls {
		if c.Expr != call || c.Target == nil || !c.Static || c.Target.Body() == nil {
			continue
		}
		sig := c.Target.Sig
		for i := range sig.Params().Len() {
			a := argFor(call, sig, i)
			param := sig.Params().At(i)
			if a == nil || model.RootVar(p.Info, a) != v || p.Assigned(param) {
				continue
			}
			if rejectsLarge(p, c.Target.Body(), param, c.Target.Body().End(), depth-1) {
				return true
			}
		}
	}
	return false
}

// returns reports whether a block ends in a return statement; with
// failing, one that returns something other than nil (an error, in a
// validation function: return nil would let the collection through).
func returns(b *ast.BlockStmt, failing bool) bool {
	if len(b.List) == 0 {
		return false
	}
	ret, ok := b.List[len(b.List)-1].(*ast.ReturnStmt)
	if !ok || !failing {
		return ok
	}
	for _, r := range ret.Results {
		if id, isID := ast.Unparen(r).(*ast.Ident); !isID || id.Name != "nil" {
			return true
		}
	}
	return false
}
