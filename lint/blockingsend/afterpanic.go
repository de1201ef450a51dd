package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// afterPanic reports whether n runs only once its goroutine has panicked:
// it lies in the body of `if r := recover(); r != nil { ... }` (or
// `if recover() != nil`), within the function that holds the if.
//
//	func recovery(errs chan<- error) {
//		if r := recover(); r != nil {
//			errs <- fmt.Errorf("job panicked: %v", r)
//		}
//	}
//
// A send stranded there strands a goroutine that has already failed, and
// reported it: the receiver has left on another signal and the failure is
// in the program's log or its error. Such findings are an audit rule's. A
// call of a function of the package or a literal (defer recovery(errs),
// defer func() { ... }()) whose every send is made so sends only after a
// panic too.
func (c *checker) afterPanic(n ast.Node) bool {
	if call, ok := n.(*ast.CallExpr); ok {
		var body *ast.BlockStmt
		if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
			body = lit.Body
		} else if f := c.p.Decl(typeutil.StaticCallee(c.p.Info, call)); f != nil {
			body = f.Body()
		}
		if body == nil {
			return false
		}
		sends, all := 0, true
		inspectOwn(body, func(m ast.Node) {
			if s, ok := m.(*ast.SendStmt); ok {
				sends++
				all = all && c.inRecovered(s)
			}
		})
		return sends > 0 && all
	}
	return c.inRecovered(n)
}

// inRecovered reports whether n lies in the body of an if that tests
// recover() (see recovered), within the function that holds the if.
func (c *checker) inRecovered(n ast.Node) bool {
	path := c.pathTo(n)
	for i, p := range path {
		switch p := p.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.IfStmt:
			if i > 0 && path[i-1] == p.Body && c.recovered(p) {
				return true
			}
		}
	}
	return false
}

// recovered reports whether ifs tests that recover() returned a panic:
// `if r := recover(); r != nil` or `if recover() != nil`.
func (c *checker) recovered(ifs *ast.IfStmt) bool {
	b, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.NEQ || !isNil(c.p.Info, b.Y) {
		return false
	}
	if c.isRecover(b.X) {
		return true
	}
	id, ok := ast.Unparen(b.X).(*ast.Ident)
	as, ok2 := ifs.Init.(*ast.AssignStmt)
	if !ok || !ok2 || len(as.Lhs) != 1 || len(as.Rhs) != 1 || !c.isRecover(as.Rhs[0]) {
		return false
	}
	l, ok := as.Lhs[0].(*ast.Ident)
	return ok && c.p.Info.ObjectOf(l) == c.p.Info.ObjectOf(id)
}

// isRecover reports whether e calls the built-in recover.
func (c *checker) isRecover(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	return ok && c.p.Info.Uses[id] == types.Universe.Lookup("recover")
}
