package flow

import (
	"go/ast"
	"go/types"
	"slices"
)

// IsBuiltin reports whether fun, the function of a call, is one of the
// named builtins (close, len, make, ...), not a function that shadows one.
func IsBuiltin(info *types.Info, fun ast.Expr, names ...string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && slices.Contains(names, b.Name())
}

// FuncParts returns the signature and body of a function declaration or
// literal; nil, nil for any other node. The body of a declaration without
// one (an assembly function) is nil.
func FuncParts(fn ast.Node) (*ast.FuncType, *ast.BlockStmt) {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Type, fn.Body
	case *ast.FuncLit:
		return fn.Type, fn.Body
	}
	return nil, nil
}

// LoopsAround returns the for and range statements of fn whose bodies
// contain n, outermost first.
func LoopsAround(fn, n ast.Node) []ast.Stmt {
	var loops []ast.Stmt
	ast.PreorderStack(fn, nil, func(x ast.Node, stack []ast.Node) bool {
		if x != n {
			return x.Pos() <= n.Pos() && n.End() <= x.End()
		}
		for i, anc := range stack[:len(stack)-1] {
			switch l := anc.(type) {
			case *ast.ForStmt:
				if stack[i+1] == l.Body {
					loops = append(loops, l)
				}
			case *ast.RangeStmt:
				if stack[i+1] == l.Body {
					loops = append(loops, l)
				}
			}
		}
		return false
	})
	return loops
}
