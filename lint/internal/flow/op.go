package flow

import (
	"go/ast"
	"go/types"
)

// OpKind is what a channel operation does.
type OpKind int

// The kinds of channel operation.
const (
	Send  OpKind = iota // ch <- v
	Recv                // <-ch
	Range               // for v := range ch
	Close               // close(ch)
)

// Op is one channel operation.
type Op struct {
	Kind OpKind
	// Node is the *ast.SendStmt, the *ast.UnaryExpr (<-ch), the
	// *ast.RangeStmt or the close *ast.CallExpr.
	Node ast.Node
	// Chan is the channel expression.
	Chan ast.Expr
	// Key is the channel's identity (see Index.Key); nil if it has none.
	Key types.Object

	path []ast.Node // from the file down to Node
}

// Func returns the innermost function declaration or literal containing
// the operation, or nil at package level.
func (op *Op) Func() ast.Node {
	for i := len(op.path) - 2; i >= 0; i-- {
		switch n := op.path[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return n
		}
	}
	return nil
}

// Loop returns the innermost for or range statement that repeats the
// operation within its function (for a Range operation, a loop around the
// range statement), or nil.
func (op *Op) Loop() ast.Stmt {
	for i := len(op.path) - 2; i >= 0; i-- {
		switch n := op.path[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return nil
		case *ast.ForStmt:
			if n.Body == op.path[i+1] {
				return n
			}
		case *ast.RangeStmt:
			if n.Body == op.path[i+1] {
				return n
			}
		}
	}
	return nil
}

// Case returns the select case whose communication the operation is, and
// its select statement; nil, nil for an operation that is not a select case
// (a bare operation). A select with a single case and no default is no
// choice at all: its communication counts as bare, as the compiler and the
// runtime treat it.
func (op *Op) Case() (*ast.CommClause, *ast.SelectStmt) {
	if op.Kind != Send && op.Kind != Recv {
		return nil, nil
	}
	// The communication is the clause's Comm: the send statement itself,
	// or an expression or assignment statement whose operand is the receive.
	for i := len(op.path) - 2; i >= 0 && i >= len(op.path)-4; i-- {
		if cc, ok := op.path[i].(*ast.CommClause); ok {
			if cc.Comm != nil && cc.Comm == op.path[i+1] && isCommOperand(cc.Comm, op.Node) {
				sel := op.path[i-2].(*ast.SelectStmt) // CommClause <- BlockStmt <- SelectStmt
				if len(sel.Body.List) == 1 {
					return nil, nil
				}
				return cc, sel
			}
			return nil, nil
		}
	}
	return nil, nil
}

func isCommOperand(comm ast.Stmt, n ast.Node) bool {
	switch c := comm.(type) {
	case *ast.SendStmt:
		return c == n
	case *ast.ExprStmt:
		return ast.Unparen(c.X) == n
	case *ast.AssignStmt:
		return len(c.Rhs) == 1 && ast.Unparen(c.Rhs[0]) == n
	}
	return false
}

// Bare reports whether the operation blocks on its own: a send or receive
// that is not a case of a select.
func (op *Op) Bare() bool {
	cc, _ := op.Case()
	return cc == nil
}

// Enclosing returns the select statements whose case bodies contain the
// operation, innermost first, within its function.
func (op *Op) Enclosing() []*ast.SelectStmt {
	var out []*ast.SelectStmt
	for i := len(op.path) - 2; i >= 2; i-- {
		switch n := op.path[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return out
		case *ast.CommClause:
			if n.Comm != op.path[i+1] {
				out = append(out, op.path[i-2].(*ast.SelectStmt))
			}
		}
	}
	return out
}

// Path returns the nodes from the file down to the operation's Node.
func (op *Op) Path() []ast.Node { return op.path }

// Deferred reports whether the operation is a deferred call itself, such
// as defer close(ch): it runs when its function returns.
func (op *Op) Deferred() bool {
	n := len(op.path)
	return n >= 2 && isDefer(op.path[n-2], op.Node)
}

func isDefer(parent, n ast.Node) bool {
	d, ok := parent.(*ast.DeferStmt)
	return ok && ast.Node(d.Call) == n
}
