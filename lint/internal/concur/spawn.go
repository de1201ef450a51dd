package concur

import (
	"go/ast"
)

// Func is a function whose body is in the package under analysis: a
// function literal, or a declared function or method.
type Func struct {
	Lit  *ast.FuncLit  // set for a function literal
	Decl *ast.FuncDecl // set for a declared function or method
}

// Node returns the *ast.FuncLit or *ast.FuncDecl.
func (f *Func) Node() ast.Node {
	if f.Lit != nil {
		return f.Lit
	}
	return f.Decl
}

// Type returns the function's signature.
func (f *Func) Type() *ast.FuncType {
	if f.Lit != nil {
		return f.Lit.Type
	}
	return f.Decl.Type
}

// Body returns the function's body; nil for a function declared without one.
func (f *Func) Body() *ast.BlockStmt {
	if f.Lit != nil {
		return f.Lit.Body
	}
	return f.Decl.Body
}

// Spawn is a place where a function starts to run concurrently with the
// code that starts it: a go statement, a group's Go(f) or TryGo(f)
// (errgroup, leash, sync.WaitGroup, conc), or a leash/conc call that runs f
// per item (leash.ForEach, leash.Map, iter.ForEach, ...).
type Spawn struct {
	// Go is the go statement; nil for a group or ForEach call.
	Go *ast.GoStmt
	// Call is the recognised group or ForEach call; its Call field is nil
	// for a go statement.
	Call Call
	// Fn is the expression of the function that runs: f in `go f(x)` and in
	// g.Go(f); the literal in `go func() {...}()`.
	Fn ast.Expr
	// Args are the arguments of a go statement's call, evaluated before the
	// goroutine starts; nil for group and ForEach calls.
	Args []ast.Expr
	// Func is the function that runs, when its body is in this package
	// (a literal, a declared function or method, or a local variable
	// assigned one function literal and never reassigned); else nil.
	Func *Func
	// Enclosing is the innermost function containing the spawn; nil at
	// package level (in a variable initialiser).
	Enclosing *Func
}

// Node returns the go statement or the group/ForEach call.
func (s *Spawn) Node() ast.Node {
	if s.Go != nil {
		return s.Go
	}
	return s.Call.Call
}

// IsGroupTask reports whether the spawn is a group's Go/TryGo (not a go
// statement, not a ForEach-style call).
func (s *Spawn) IsGroupTask() bool {
	return s.Go == nil && s.Call.Role == Go
}
