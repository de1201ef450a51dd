package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
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
	return fromRequest(info, fn, loopInput(loop), loop.Pos())
}

// requestThroughCaller returns where the collection a loop iterates over
// comes from a request one call away: the loop ranges over a parameter
// (or what is reached from it) that the function never assigns, and a
// call in the package passes, for that parameter, what a request brought
// to the caller (see requestInput) — a handler decoding the ids and
// handing them to the function that fans out. The related information
// names that call, then where the caller got the value. Calls in tests
// do not count: what they decode is a fixture.
func requestThroughCaller(p *model.Program, s *model.Spawn, loop ast.Stmt) []analysis.RelatedInformation {
	root := model.RootVar(p.Info, loopInput(loop))
	if root == nil || p.Assigned(root) {
		return nil
	}
	f := s.Enclosing
	for f != nil && f.Decl == nil {
		f = f.Parent // a literal's captured parameter is its declaration's
	}
	if f == nil {
		return nil
	}
	i := slices.Index(slices.Collect(f.Sig.Params().Variables()), root)
	if i < 0 {
		return nil
	}
	for _, c := range f.Callers {
		arg := argFor(c.Expr, f.Sig, i)
		if arg == nil || p.InTest(c.Expr.Pos()) {
			continue
		}
		if v := model.RootVar(p.Info, arg); v != nil && sizeChecked(p, c.In.Node(), v, c.Expr.Pos()) {
			continue // the caller turns a request too large away first
		}
		for in := c.In; in != nil; in = in.Parent {
			if at := fromRequest(p.Info, in.Node(), arg, c.Expr.Pos()); at != nil {
				return []analysis.RelatedInformation{
					{Pos: c.Expr.Pos(), Message: fmt.Sprintf("%s comes in here: %s passes %s", root.Name(), c.In.Name(), types.ExprString(arg))},
					*at,
				}
			}
		}
	}
	return nil
}

// argFor returns the argument call passes for the i-th parameter of sig,
// or nil when no one argument is that parameter: elements of a variadic
// parameter passed one by one, a method expression's receiver shifting
// the arguments, a call's several results passed on.
func argFor(call *ast.CallExpr, sig *types.Signature, i int) ast.Expr {
	n := sig.Params().Len()
	if len(call.Args) != n || sig.Variadic() && i == n-1 && !call.Ellipsis.IsValid() {
		return nil
	}
	return call.Args[i]
}

// loopInput returns the collection a loop iterates over: what a range
// statement ranges over, or x in a loop up to len(x); nil otherwise.
func loopInput(loop ast.Stmt) ast.Expr {
	switch l := loop.(type) {
	case *ast.RangeStmt:
		return l.X
	case *ast.ForStmt:
		// for i := 0; i < len(x); i++
		if b, ok := l.Cond.(*ast.BinaryExpr); ok && (b.Op == token.LSS || b.Op == token.LEQ) {
			if call, ok := ast.Unparen(b.Y).(*ast.CallExpr); ok && len(call.Args) == 1 {
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "len" {
					return call.Args[0]
				}
			}
		}
	}
	return nil
}

// fromRequest returns where x, used in fn at pos, is shown to come from a
// request (see requestInput), or nil — nil too when x is a field whose
// tag declares its largest length (see declaresMax).
func fromRequest(info *types.Info, fn ast.Node, x ast.Expr, pos token.Pos) *analysis.RelatedInformation {
	root := model.RootVar(info, x)
	if root == nil || declaresMax(info, x) {
		return nil
	}
	if isRequestType(root.Type()) && isParam(fn, root) {
		return &analysis.RelatedInformation{Pos: root.Pos(), Message: root.Name() + " is the request a remote caller sent: its size is the caller's"}
	}
	if at := decodedBefore(info, fn, root, pos); at != nil {
		return &analysis.RelatedInformation{Pos: at.Pos(), Message: root.Name() + " is decoded here from input: its size is the sender's"}
	}
	return nil
}

// isRequestType reports whether t (or what it points to) is
// net/http.Request or the request message of an RPC: a protocol buffers
// message (its pointer has ProtoMessage or ProtoReflect, as generated code
// does) whose type name ends in Request. A plain struct named so is an
// in-process API's argument, sized by the program that fills it.
func isRequestType(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if concur.IsNamed(t, "net/http", "Request") {
		return true
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || !strings.HasSuffix(n.Obj().Name(), "Request") || n.Obj().Name() == "Request" {
		return false
	}
	methods := types.NewMethodSet(types.NewPointer(n))
	for _, name := range []string{"ProtoMessage", "ProtoReflect"} {
		if methods.Lookup(n.Obj().Pkg(), name) != nil {
			return true
		}
	}
	return false
}

// decoders are the names of the calls that fill a value from input bytes.
var decoders = map[string]bool{
	"Unmarshal": true, "Decode": true, "UnmarshalJSON": true, "UnmarshalText": true,
	"Bind": true, "BindJSON": true, "ShouldBind": true, "ShouldBindJSON": true, "ReadJSON": true,
}

// configDecoder reports whether fn belongs to a package that reads a
// configuration format — YAML, TOML, HCL, INI, or a configuration library
// (viper, koanf): what it decodes is the operator's settings, not what a
// remote caller sent.
func configDecoder(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	for _, elem := range strings.Split(fn.Pkg().Path(), "/") {
		name, _, _ := strings.Cut(strings.TrimPrefix(elem, "go-"), ".") // yaml.v3, go-toml
		switch name {
		case "yaml", "toml", "hcl", "ini", "viper", "koanf":
			return true
		}
	}
	return false
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
		if !decoders[name] || configDecoder(typeutil.StaticCallee(info, call)) {
			return true
		}
		for _, arg := range call.Args {
			a := ast.Unparen(arg)
			if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
				a = u.X
			}
			if model.RootVar(info, a) == v {
				found = call
			}
		}
		return found == nil
	})
	return found
}
