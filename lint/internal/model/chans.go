package model

import (
	"go/ast"
	"go/types"
)

// A Site is where channel values come from: a make(chan T[, n]) in the
// package, or a parameter of a function, standing for whatever channel its
// callers pass.
type Site struct {
	// Make is the make call; nil for a parameter's channel.
	Make *ast.CallExpr
	// Param is the parameter a parameter's channel is held in.
	Param *types.Var
	// Func is the function that makes the channel, or whose parameter it is.
	Func *Func
	// Cap is the constant capacity: 0 for an unbuffered channel, -1 when it
	// is not a constant (or not known, for a parameter's channel).
	Cap int
}

// RepeatsPerChannel returns those of loops, the loops around a go
// statement or call in function in, that repeat it for one channel of
// site. A loop whose body also makes the channel makes a new one each
// round, so that for any one channel what it holds runs once:
//
//	for attempt := range 3 {
//		out := make(chan chunk)
//		go produce(out) // one producer per channel
//		...
//	}
//
// Loops of a function other than the maker are all kept.
func (s *Site) RepeatsPerChannel(in *Func, loops []ast.Stmt) []ast.Stmt {
	if s.Make == nil || in != s.Func {
		return loops
	}
	var out []ast.Stmt
	for _, l := range loops {
		if l.Pos() <= s.Make.Pos() && s.Make.End() <= l.End() {
			continue
		}
		out = append(out, l)
	}
	return out
}

// OpKind is what an operation does with a channel.
type OpKind int

// The kinds of operation.
const (
	Send  OpKind = iota // ch <- v
	Recv                // <-ch
	Range               // for v := range ch
	Close               // close(ch)
	// Pass hands the channel to a call as an argument (a go statement's
	// call included); Call and Arg say where.
	Pass
	// Escape puts the channel where the package loses sight of it: an
	// element of a slice, map or array, a value sent on another channel, an
	// interface, a pointer to the variable that holds it (&ch).
	Escape
)

func (k OpKind) String() string {
	return [...]string{"send", "receive", "range", "close", "pass", "escape"}[k]
}

// Op is one operation on a channel value.
type Op struct {
	Kind OpKind
	// Node is the *ast.SendStmt, the *ast.UnaryExpr (<-ch), the
	// *ast.RangeStmt, the close *ast.CallExpr, the call a channel is passed
	// to, or the expression it escapes through.
	Node ast.Node
	// Chan is the channel expression.
	Chan ast.Expr
	// Func is the function whose own body holds the operation; nil at
	// package level.
	Func *Func
	// Call and Arg are, for Pass, the call and the argument's index (-1
	// for the receiver of a method of a channel type).
	Call *Call
	Arg  int

	path []ast.Node // from the file down to Node
}

// HasDefault reports whether sel has a default case: its communications
// never wait.
func HasDefault(sel *ast.SelectStmt) bool {
	for _, s := range sel.Body.List {
		if cc, ok := s.(*ast.CommClause); ok && cc.Comm == nil {
			return true
		}
	}
	return false
}

// LoopBody returns the body of a for or range statement; nil for any
// other statement.
func LoopBody(loop ast.Stmt) *ast.BlockStmt {
	switch l := loop.(type) {
	case *ast.ForStmt:
		return l.Body
	case *ast.RangeStmt:
		return l.Body
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
// its select statement; nil, nil for an operation that is not a select
// case (a bare operation). A select with a single case and no default is
// no choice at all: its communication counts as bare, as the compiler and
// the runtime treat it.
func (op *Op) Case() (*ast.CommClause, *ast.SelectStmt) {
	if op.Kind != Send && op.Kind != Recv {
		return nil, nil
	}
	for i := len(op.path) - 2; i >= 2 && i >= len(op.path)-4; i-- {
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

// Bare reports whether the operation waits on its own: a send or receive
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
	if n < 2 {
		return false
	}
	d, ok := op.path[n-2].(*ast.DeferStmt)
	return ok && ast.Node(d.Call) == op.Node
}

// Within reports whether the operation lies in n.
func (op *Op) Within(n ast.Node) bool {
	return n.Pos() <= op.Node.Pos() && op.Node.End() <= n.End()
}
