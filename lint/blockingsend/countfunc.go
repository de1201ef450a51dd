package blockingsend

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/types/typeutil"
)

// countsStarted reports whether k counts the elements of pe's slice that
// the senders' loop does not skip, so that a receiver that stops once its
// count reaches k has answered every goroutine started. k is a call
// f(elems), a method's too (recv.f(elems)), or a local set once to one,
// where f is a function of the package whose whole body counts the
// elements of its slice parameter with the same skips as the senders'
// loop, in the same order:
//
//	func (pm *PeerManager) peersCount(peers []*Peer) int {
//		n := 0
//		for _, p := range peers {
//			if pm.isSelf(p.Name) {
//				continue
//			}
//			n++
//		}
//		return n
//	}
//
// and the senders' loop skips with `if pm.isSelf(n.Name) { continue }`.
// The skips are the same when they read alike and each name in them is the
// same variable, function or field, but the element (the loop's value
// variable in each) and the method's receiver (bound to what the call is
// made on).
func (c *checker) countsStarted(k ast.Expr, pe perElement) bool {
	if pe.loop == nil {
		return false
	}
	if id, ok := ast.Unparen(k).(*ast.Ident); ok {
		v, _ := c.p.Info.Uses[id].(*types.Var)
		if v == nil || v.IsField() || c.p.Assigned(v) {
			return false
		}
		if k = c.declaredValue(v); k == nil {
			return false
		}
	}
	call, ok := ast.Unparen(k).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	if arg, ok := ast.Unparen(call.Args[0]).(*ast.Ident); !ok || c.p.Info.Uses[arg] != pe.elems {
		return false
	}
	fn := typeutil.StaticCallee(c.p.Info, call)
	f := c.p.Decl(fn)
	if f == nil || f.Body() == nil {
		return false
	}
	bind := make(map[types.Object]types.Object)
	if recv := fn.Signature().Recv(); recv != nil {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		if x, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
			bind[recv] = c.p.Info.ObjectOf(x)
		}
	}
	param := fn.Signature().Params().At(0)
	body := f.Body().List
	if len(body) != 3 {
		return false
	}
	n := c.zeroCounter(body[0])
	rs, ok := body[1].(*ast.RangeStmt)
	ret, ok2 := body[2].(*ast.ReturnStmt)
	if n == nil || !ok || !ok2 || len(ret.Results) != 1 || !c.names(ret.Results[0], n) || !c.names(rs.X, param) {
		return false
	}
	if key, ok := rs.Key.(*ast.Ident); rs.Key != nil && (!ok || key.Name != "_") || len(rs.Body.List) == 0 {
		return false
	}
	last, ok := rs.Body.List[len(rs.Body.List)-1].(*ast.IncDecStmt)
	if !ok || last.Tok != token.INC || !c.names(last.X, n) {
		return false
	}
	skips := rs.Body.List[:len(rs.Body.List)-1]
	if len(skips) != len(pe.skips) {
		return false
	}
	if fv, ok := rs.Value.(*ast.Ident); ok {
		if sv, ok := pe.loop.Value.(*ast.Ident); ok {
			bind[c.p.Info.ObjectOf(fv)] = c.p.Info.ObjectOf(sv)
		}
	}
	for i, st := range skips {
		cond := skipCond(st)
		if cond == nil || !c.sameCond(cond, pe.skips[i], bind) {
			return false
		}
	}
	return true
}

// zeroCounter returns the integer variable st declares with the value
// zero (n := 0, var n int), or nil.
func (c *checker) zeroCounter(st ast.Stmt) *types.Var {
	var id *ast.Ident
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE || len(st.Lhs) != 1 || len(st.Rhs) != 1 {
			return nil
		}
		if !(nilGuards{info: c.p.Info}).isZero(st.Rhs[0]) {
			return nil
		}
		id, _ = st.Lhs[0].(*ast.Ident)
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok || len(gd.Specs) != 1 {
			return nil
		}
		vs, ok := gd.Specs[0].(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || len(vs.Values) != 0 {
			return nil
		}
		id = vs.Names[0]
	}
	if id == nil {
		return nil
	}
	v, _ := c.p.Info.Defs[id].(*types.Var)
	if v == nil {
		return nil
	}
	if b, ok := v.Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
		return nil
	}
	return v
}

// declaredValue returns the value v is declared with (v := e, var v = e),
// or nil.
func (c *checker) declaredValue(v *types.Var) ast.Expr {
	for _, n := range c.pathTo(&ast.Ident{NamePos: v.Pos(), Name: v.Name()}) {
		var lhs, rhs []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				return nil
			}
			lhs, rhs = n.Lhs, n.Rhs
		case *ast.ValueSpec:
			for _, name := range n.Names {
				lhs = append(lhs, name)
			}
			rhs = n.Values
		default:
			continue
		}
		if len(lhs) != len(rhs) {
			return nil
		}
		for i, l := range lhs {
			if id, ok := l.(*ast.Ident); ok && c.p.Info.Defs[id] == v {
				return rhs[i]
			}
		}
		return nil
	}
	return nil
}

// sameCond reports whether a and b are the same expression, but for the
// names bind pairs: the same tree of operators, literals and calls, with
// each name in a standing for the same object as its twin in b, or for the
// one bind pairs it with.
func (c *checker) sameCond(a, b ast.Expr, bind map[types.Object]types.Object) bool {
	as, bs := c.shape(a, bind), c.shape(b, nil)
	return slices.Equal(as, bs)
}

// shape flattens e into the sequence sameCond compares: each node's kind
// and operator or literal, each name's object (through bind), and an end
// mark after each node's children.
func (c *checker) shape(e ast.Expr, bind map[types.Object]types.Object) []any {
	var out []any
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case nil:
			out = append(out, ")")
		case *ast.Ident:
			obj := c.p.Info.ObjectOf(n)
			if to, ok := bind[obj]; ok {
				obj = to
			}
			if obj == nil {
				out = append(out, "?"+n.Name) // no object: compared by name
			} else {
				out = append(out, obj)
			}
		case *ast.BasicLit:
			out = append(out, n.Kind.String()+" "+n.Value)
		case *ast.BinaryExpr:
			out = append(out, "binary "+n.Op.String())
		case *ast.UnaryExpr:
			out = append(out, "unary "+n.Op.String())
		default:
			out = append(out, fmt.Sprintf("%T", n))
		}
		return true
	})
	return out
}
