package model

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/paths"
)

// Func is a function whose body is in the package: a declared function or
// method, or a function literal.
type Func struct {
	Decl *ast.FuncDecl // set for a declared function or method
	Lit  *ast.FuncLit  // set for a function literal
	// Obj is the declared function; nil for a literal.
	Obj *types.Func
	// Sig is the function's signature.
	Sig *types.Signature
	// Parent is the function a literal is written in; nil for a
	// declaration.
	Parent *Func
	// Calls are the calls the function makes itself (not those of the
	// literals inside it), in source order.
	Calls []*Call
	// Spawns are the goroutines and group tasks it starts itself, in source
	// order.
	Spawns []*Spawn
	// Ops are the operations on channels in its own body, in source order.
	Ops []*Op
	// Locks are its own calls of mutex methods, in source order.
	Locks []*LockOp
	// Callers are the calls of the package that run it: direct calls, go
	// and defer statements, and calls of a variable bound to a literal.
	Callers []*Call
	// Value is set when the function is used as a value in some other way
	// (stored, passed, returned): code the package cannot see may call it.
	Value bool

	prog  *Program
	graph *paths.Graph
}

// Node returns the *ast.FuncDecl or *ast.FuncLit.
func (f *Func) Node() ast.Node {
	if f.Lit != nil {
		return f.Lit
	}
	return f.Decl
}

// Type returns the function's syntactic signature.
func (f *Func) Type() *ast.FuncType {
	if f.Lit != nil {
		return f.Lit.Type
	}
	return f.Decl.Type
}

// Body returns the function's body.
func (f *Func) Body() *ast.BlockStmt {
	if f.Lit != nil {
		return f.Lit.Body
	}
	return f.Decl.Body
}

// Name names the function for a message: its name, or "the function
// literal".
func (f *Func) Name() string {
	if f.Decl != nil {
		return f.Decl.Name.Name
	}
	return "the function literal"
}

// Graph returns the function's control-flow graph, from the ctrlflow pass,
// ready for package paths to walk. It needs the full model (Analyzer), not
// only its syntax (Syntax).
func (f *Func) Graph() *paths.Graph {
	f.prog.mu.Lock()
	defer f.prog.mu.Unlock()
	return f.graphOf()
}

func (f *Func) graphOf() *paths.Graph {
	if f.prog.cfgs == nil {
		panic("model: control-flow graphs need model.Analyzer, not model.Syntax")
	}
	if f.graph == nil {
		if f.Decl != nil {
			g := f.prog.cfgs.FuncDecl(f.Decl)
			if g == nil {
				// ctrlflow builds no graph for the functions it knows by
				// name never to return (zap's Logger.Fatal, logrus's Exit,
				// klog's Fatal...) when it analyses their own package: their
				// bodies are walked as written, every call taken to return.
				g = cfg.New(f.Decl.Body, func(*ast.CallExpr) bool { return true })
			}
			f.graph = paths.New(g, f.prog.Info, f.prog.endlessRange, f.prog.knownCond)
		} else {
			f.graph = paths.New(f.prog.cfgs.FuncLit(f.Lit), f.prog.Info, f.prog.endlessRange, f.prog.knownCond)
		}
	}
	return f.graph
}

// Open reports whether code outside the package may call the function: it
// is exported (outside package main), used as a value, or a method of a
// type whose values the package puts in an interface (see boxedTypes),
// through which others may call it. Any other method, unexported or of a
// type of package main, runs only where the package calls it.
func (f *Func) Open() bool {
	if f.Value {
		return true
	}
	if f.Decl == nil {
		return len(f.Callers) == 0 && !f.prog.spawned[f]
	}
	if f.Decl.Name.IsExported() && f.prog.Pkg.Name() != "main" {
		return true
	}
	return f.Decl.Recv != nil && f.prog.boxedRecv(f.Sig)
}

// boxedRecv reports whether the package puts values of the receiver type
// of the method signature sig in an interface.
func (p *Program) boxedRecv(sig *types.Signature) bool {
	t := sig.Recv().Type()
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return !ok || p.boxed[n.Origin().Obj()]
}

// Params returns the function's parameters, the receiver first for a
// method.
func (f *Func) Params() []*types.Var {
	var out []*types.Var
	if r := f.Sig.Recv(); r != nil {
		out = append(out, r)
	}
	for p := range f.Sig.Params().Variables() {
		out = append(out, p)
	}
	return out
}

// Encloses reports whether f's body contains g's (g is f or a literal
// written inside it).
func (f *Func) Encloses(g *Func) bool {
	for ; g != nil; g = g.Parent {
		if g == f {
			return true
		}
	}
	return false
}

// Call is one call expression in a function body.
type Call struct {
	Expr *ast.CallExpr
	// In is the function making the call.
	In *Func
	// Callee is the function or method called, when the call names one
	// (for an interface method, the method of the interface); nil for a
	// call of a function value, a conversion or a builtin.
	Callee *types.Func
	// Static is set when Callee is the function that runs: not a method of
	// an interface.
	Static bool
	// Target is the function that runs when its body is in the package: a
	// declared function or method called statically, a literal called
	// where it is written, or a local variable bound to one literal and
	// never assigned again.
	Target *Func
	// Known is what the concurrency vocabulary knows of Callee (Go, Wait,
	// Lock, ...); Known.Role is concur.NoRole for any other call.
	Known concur.Known
	// Recv is the receiver expression of a method call (g in g.Go(f)).
	Recv ast.Expr
	// Go and Defer are set for the call of a go or defer statement.
	Go, Defer bool
	// Loops are the for and range statements of In whose bodies hold the
	// call, outermost first.
	Loops []ast.Stmt

	builtin string
}

// Builtin returns the name of the builtin function the call calls (close,
// len, make, panic, ...), or "".
func (c *Call) Builtin() string { return c.builtin }

// Spawn is a place where a function starts to run concurrently with the
// code that starts it: a go statement, a group's Go(f) or TryGo(f)
// (errgroup, leash, sync.WaitGroup, conc), or a leash/conc call that runs f
// per item (leash.ForEach, leash.Map, iter.ForEach, ...).
type Spawn struct {
	// Go is the go statement; nil for a group or ForEach call.
	Go *ast.GoStmt
	// Call is the recognised group or ForEach call; its Call field is nil
	// for a go statement.
	Call concur.Call
	// Fn is the expression of the function that runs: f in `go f(x)` and in
	// g.Go(f); the literal in `go func() {...}()`.
	Fn ast.Expr
	// Args are the arguments of a go statement's call, evaluated before the
	// goroutine starts; nil for group and ForEach calls.
	Args []ast.Expr
	// Func is the function that runs, when its body is in the package;
	// else nil.
	Func *Func
	// Enclosing is the function containing the spawn; nil at package level.
	Enclosing *Func
	// Loops are the for and range statements of Enclosing whose bodies
	// hold the spawn, outermost first: each round starts it again.
	Loops []ast.Stmt
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
	return s.Go == nil && s.Call.Role == concur.Go
}
