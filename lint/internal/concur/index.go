package concur

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"github.com/leash-go/leash/lint/internal/ignore"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Analyzer computes, once per package, the Index every check shares.
var Analyzer = &analysis.Analyzer{
	Name:       "concur",
	Doc:        "index the goroutines, group tasks and functions of a package for leash's checks",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	Run:        ignore.Wrap(run), // recovers from panics
	ResultType: reflect.TypeFor[*Index](),
}

// Index holds what the checks need to know about a package's concurrency.
type Index struct {
	// Spawns lists every place a function starts running concurrently, in
	// source order.
	Spawns []*Spawn

	info   *types.Info
	decls  map[*types.Func]*ast.FuncDecl
	lits   map[*types.Var]*ast.FuncLit
	byNode map[ast.Node]*Spawn
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	return NewIndex(pass.TypesInfo, ins), nil
}

// NewIndex builds the Index of the files ins covers. Checks obtain it
// through Analyzer rather than calling this directly.
func NewIndex(info *types.Info, ins *inspector.Inspector) *Index {
	ix := &Index{
		info:   info,
		decls:  make(map[*types.Func]*ast.FuncDecl),
		lits:   make(map[*types.Var]*ast.FuncLit),
		byNode: make(map[ast.Node]*Spawn),
	}
	reassigned := make(map[*types.Var]bool)
	ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if fn, ok := info.Defs[n.Name].(*types.Func); ok {
				ix.decls[fn] = n
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					continue
				}
				if v, ok := info.Defs[id].(*types.Var); ok && n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
					if lit, ok := ast.Unparen(n.Rhs[i]).(*ast.FuncLit); ok {
						ix.lits[v] = lit
					}
					continue
				}
				if v, ok := info.Uses[id].(*types.Var); ok {
					reassigned[v] = true
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) != len(n.Values) {
				return
			}
			for i, id := range n.Names {
				if v, ok := info.Defs[id].(*types.Var); ok {
					if lit, ok := ast.Unparen(n.Values[i]).(*ast.FuncLit); ok {
						ix.lits[v] = lit
					}
				}
			}
		case *ast.UnaryExpr:
			// &f lets anyone reassign f.
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if v, ok := info.Uses[id].(*types.Var); ok {
					reassigned[v] = true
				}
			}
		}
	})
	for v := range reassigned {
		delete(ix.lits, v)
	}

	var stack []*Func
	ins.Nodes([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.GoStmt)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node, push bool) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if push {
				stack = append(stack, &Func{Decl: n})
			} else {
				stack = stack[:len(stack)-1]
			}
			return true
		case *ast.FuncLit:
			if push {
				stack = append(stack, &Func{Lit: n})
			} else {
				stack = stack[:len(stack)-1]
			}
			return true
		}
		if !push {
			return true
		}
		var enclosing *Func
		if len(stack) > 0 {
			enclosing = stack[len(stack)-1]
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			s := &Spawn{Go: n, Fn: ast.Unparen(n.Call.Fun), Args: n.Call.Args, Enclosing: enclosing}
			s.Func = ix.FuncOf(s.Fn)
			ix.add(n, s)
		case *ast.CallExpr:
			c, ok := CallOf(info, n)
			if !ok || c.Task < 0 || c.Task >= len(n.Args) {
				return true
			}
			s := &Spawn{Call: c, Fn: ast.Unparen(n.Args[c.Task]), Enclosing: enclosing}
			s.Func = ix.FuncOf(s.Fn)
			ix.add(n, s)
		}
		return true
	})
	return ix
}

func (ix *Index) add(n ast.Node, s *Spawn) {
	ix.Spawns = append(ix.Spawns, s)
	ix.byNode[n] = s
}

// SpawnOf returns the Spawn of a go statement or of a group/ForEach call
// expression, or nil.
func (ix *Index) SpawnOf(n ast.Node) *Spawn {
	return ix.byNode[n]
}

// Decl returns the declaration of fn if it is declared in this package.
func (ix *Index) Decl(fn *types.Func) *ast.FuncDecl {
	if fn == nil {
		return nil
	}
	return ix.decls[fn.Origin()]
}

// FuncOf resolves a function expression to a function whose body is in this
// package: a function literal; the name of a function, a method value or a
// method expression declared here; or a local variable assigned one function
// literal and never reassigned. It returns nil otherwise.
func (ix *Index) FuncOf(fn ast.Expr) *Func {
	fn = ast.Unparen(fn)
	if inst, ok := fn.(*ast.IndexExpr); ok { // f[T]
		fn = ast.Unparen(inst.X)
	} else if inst, ok := fn.(*ast.IndexListExpr); ok {
		fn = ast.Unparen(inst.X)
	}
	var id *ast.Ident
	switch e := fn.(type) {
	case *ast.FuncLit:
		return &Func{Lit: e}
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	default:
		return nil
	}
	switch obj := ix.info.Uses[id].(type) {
	case *types.Func:
		if d := ix.Decl(obj); d != nil && d.Body != nil {
			return &Func{Decl: d}
		}
	case *types.Var:
		if lit := ix.lits[obj]; lit != nil {
			return &Func{Lit: lit}
		}
	}
	return nil
}
