package unboundedgo

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/concur"
	"golang.org/x/tools/go/analysis"
)

// requestInput returns where the collection a loop iterates over is shown
// to come from a request — what a remote caller sent, and so sizes as it
// likes — or nil when the code does not show it. That is so when the
// collection is reached from:
//
//   - a value the function decoded (json.Unmarshal(body, &req),
//     dec.Decode(&req), proto.Unmarshal, any call named Unmarshal, Decode
//     or Bind... given the value's address) before the loop; or
//   - a parameter of type *http.Request (r.Form, r.URL.Query()), or of a
//     type whose name ends in Request: the request message of an RPC
//     handler (gRPC, Connect, Twirp), such as req.Ids.
//
// The related information names the decoding call or the parameter.
func requestInput(info *types.Info, fn ast.Node, loop ast.Stmt) *analysis.RelatedInformation {
	var x ast.Expr
	switch l := loop.(type) {
	case *ast.RangeStmt:
		x = l.X
	case *ast.ForStmt:
		// for i := 0; i < len(x); i++
		if b, ok := l.Cond.(*ast.BinaryExpr); ok && (b.Op == token.LSS || b.Op == token.LEQ) {
			if call, ok := ast.Unparen(b.Y).(*ast.CallExpr); ok && len(call.Args) == 1 {
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "len" {
					x = call.Args[0]
				}
			}
		}
	}
	root := rootVar(info, x)
	if root == nil {
		return nil
	}
	if isRequestType(root.Type()) && isParam(fn, root) {
		return &analysis.RelatedInformation{Pos: root.Pos(), Message: root.Name() + " is the request a remote caller sent: its size is the caller's"}
	}
	if at := decodedBefore(info, fn, root, loop.Pos()); at != nil {
		return &analysis.RelatedInformation{Pos: at.Pos(), Message: root.Name() + " is decoded here from input: its size is the sender's"}
	}
	return nil
}

// rootVar returns the variable an expression such as req.Items[i:],
// r.URL.Query()["id"] or *p is reached from.
func rootVar(info *types.Info, e ast.Expr) *types.Var {
	for e != nil {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.Uses[x].(*types.Var)
			return v
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.SliceExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.CallExpr:
			sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if !ok {
				return nil
			}
			e = sel.X // a method of the value: r.URL.Query(), req.GetIds()
		default:
			return nil
		}
	}
	return nil
}

// isRequestType reports whether t (or what it points to) is
// net/http.Request or a named type whose name ends in Request.
func isRequestType(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if concur.IsNamed(t, "net/http", "Request") {
		return true
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	name := n.Obj().Name()
	return len(name) > len("Request") && name[len(name)-len("Request"):] == "Request"
}

// decoders are the names of the calls that fill a value from input bytes.
var decoders = map[string]bool{
	"Unmarshal": true, "Decode": true, "UnmarshalJSON": true, "UnmarshalText": true,
	"Bind": true, "BindJSON": true, "ShouldBind": true, "ShouldBindJSON": true, "ReadJSON": true,
}

// decodedBefore returns the call in fn, before pos, that decodes input
// into v, given &v (or v itself, a pointer), or nil.
func decodedBefore(info *types.Info, fn ast.Node, v *types.Var, pos token.Pos) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(fn, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found != nil || call.Pos() >= pos {
			return found == nil
		}
		name := ""
		switch f := ast.Unparen(call.Fun).(type) {
		case *ast.SelectorExpr:
			name = f.Sel.Name
		case *ast.Ident:
			name = f.Name
		}
		if !decoders[name] {
			return true
		}
		for _, arg := range call.Args {
			a := ast.Unparen(arg)
			if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
				a = u.X
			}
			if rootVar(info, a) == v {
				found = call
			}
		}
		return found == nil
	})
	return found
}
