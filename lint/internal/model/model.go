package model

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/leash-go/leash/lint/internal/endings"
	"github.com/leash-go/leash/lint/internal/ignore"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

// The model comes in two layers, so that a check pays only for what it
// reads. Syntax builds the Program of a package from its syntax and types
// alone: functions, calls, goroutines, channels and their operations,
// mutex operations, names. It needs nothing of other packages, so a check
// that requires only it runs, like most go vet passes, without analysing
// the dependencies. Analyzer completes the same Program with control-flow
// graphs and what crosses package boundaries — the functions that never
// return (the ctrlflow pass's facts) and the Summary of each function that
// is handed a channel (facts of its own) — for the checks that follow
// paths. Each is built once per package.
var (
	Syntax = &analysis.Analyzer{
		Name:       "leashsyntax",
		Doc:        "build the syntactic layer of the program model leash's checks share: functions, calls, goroutines, channels, mutexes",
		URL:        "https://pkg.go.dev/github.com/leash-go/leash/lint/internal/model",
		Requires:   []*analysis.Analyzer{inspect.Analyzer},
		ResultType: reflect.TypeFor[*Program](),
		Run:        ignore.Wrap(runSyntax),
	}
	Analyzer = &analysis.Analyzer{
		Name:       "leashmodel",
		Doc:        "complete the program model leash's checks share with control-flow graphs and function summaries across packages",
		URL:        "https://pkg.go.dev/github.com/leash-go/leash/lint/internal/model",
		Requires:   []*analysis.Analyzer{Syntax, ctrlflow.Analyzer},
		FactTypes:  []analysis.Fact{new(Summary)},
		ResultType: reflect.TypeFor[*Program](),
		Run:        ignore.Wrap(run),
	}
)

// Program is the model of one package.
type Program struct {
	Pkg   *types.Package
	Info  *types.Info
	Fset  *token.FileSet
	Files []*ast.File
	// Funcs are the package's functions with a body, declarations and
	// literals, in source order.
	Funcs []*Func
	// Spawns are the places the package starts goroutines and group tasks,
	// in source order.
	Spawns []*Spawn
	// Ops are the package's operations on channels, in source order.
	Ops []*Op
	// Locks are the package's calls of mutex methods, in source order.
	Locks []*LockOp

	mu       sync.Mutex     // guards the memos below and cfgs (checks run in parallel)
	cfgs     *ctrlflow.CFGs // nil for the syntactic layer alone
	byNode   map[ast.Node]*Func
	byObj    map[*types.Func]*Func
	bound    map[*types.Var]*Func     // local variables bound to one literal, never assigned again
	assigned map[*types.Var]token.Pos // variables assigned after their declaration, or whose address is taken: the first place
	spawned  map[*Func]bool
	boxed    map[*types.TypeName]bool // see boxedTypes
	spawnOf  map[ast.Node]*Spawn
	tests    map[*token.File]bool

	chans    chanModel
	imported map[*types.Func]*Summary // the summaries of the dependencies' functions called here
	// errorDefs and nilErrors tell the errors that cannot happen (see
	// knownCond).
	errorDefs map[*types.Var]errorDef
	nilErrors map[*types.Func]bool
	sums      summaries

	runsOnce sync.Once
	runs     map[*Func]bool // see Runs

	reachOnce sync.Once
	reach     func() endings.Reached // set by Analyzer's run
	reached   endings.Reached        // see Reached
}

func runSyntax(pass *analysis.Pass) (any, error) {
	return build(pass.Pkg, pass.TypesInfo, pass.Fset, pass.Files), nil
}

func run(pass *analysis.Pass) (any, error) {
	p := pass.ResultOf[Syntax].(*Program)
	p.mu.Lock()
	p.cfgs = pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	p.importSummaries(pass)
	p.indexErrorDefs(pass.Files)
	p.importNilErrors(pass)
	p.reach = func() endings.Reached { return endings.Reach(pass, p.InTest) }
	p.mu.Unlock()
	p.exportSummaries(pass)
	return p, nil
}

// Reached returns what the package shows of who reaches its declared
// functions (endings.Reach), worked out once for all the checks whose
// summaries carry it: each check's summary must carry it, for the leash
// command may run any one of them alone.
func (p *Program) Reached() endings.Reached {
	if p.reach == nil {
		panic("model: Reached needs the Program of model.Analyzer, not of Syntax alone: require model.Analyzer")
	}
	p.reachOnce.Do(func() { p.reached = p.reach() })
	return p.reached
}

// FuncOf returns the Func of a *ast.FuncDecl (with a body) or *ast.FuncLit.
func (p *Program) FuncOf(n ast.Node) *Func { return p.byNode[n] }

// Decl returns the Func of fn when its body is in the package.
func (p *Program) Decl(fn *types.Func) *Func {
	if fn == nil {
		return nil
	}
	return p.byObj[fn.Origin()]
}

// SpawnOf returns the Spawn of a go statement or of a group or ForEach
// call, or nil.
func (p *Program) SpawnOf(n ast.Node) *Spawn { return p.spawnOf[n] }

// Assigned reports whether v is assigned after its declaration, or has its
// address taken: its value at one point says nothing of another.
func (p *Program) Assigned(v *types.Var) bool { return p.assigned[v].IsValid() }

// FirstAssigned returns where v is first assigned after its declaration, or
// has its address taken, in the order of the source; token.NoPos if never.
// Up to there, v holds the value it was declared with (for a parameter,
// the caller's), on a path that has not gone round a loop.
func (p *Program) FirstAssigned(v *types.Var) token.Pos { return p.assigned[v] }

// FuncValue resolves a function expression to a function whose body is in
// the package: a function literal; the name of a function, a method value
// or a method expression declared here; or a local variable bound to one
// function literal and never assigned again. It returns nil otherwise.
func (p *Program) FuncValue(fn ast.Expr) *Func {
	fn = ast.Unparen(fn)
	if inst, ok := fn.(*ast.IndexExpr); ok { // f[T]
		fn = ast.Unparen(inst.X)
	} else if inst, ok := fn.(*ast.IndexListExpr); ok {
		fn = ast.Unparen(inst.X)
	}
	var id *ast.Ident
	switch e := fn.(type) {
	case *ast.FuncLit:
		return p.byNode[e]
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	default:
		return nil
	}
	switch obj := p.Info.Uses[id].(type) {
	case *types.Func:
		return p.Decl(obj)
	case *types.Var:
		if !p.Assigned(obj) {
			return p.bound[obj]
		}
	}
	return nil
}

// FuncAt returns the innermost function whose body contains pos, or nil.
func (p *Program) FuncAt(pos token.Pos) *Func {
	i, _ := slices.BinarySearchFunc(p.Funcs, pos, func(f *Func, pos token.Pos) int {
		if f.Node().Pos() <= pos {
			return -1
		}
		return 1
	})
	// Funcs are in source order, so the candidates are those starting
	// before pos; the innermost is the last of them that contains pos.
	for j := i - 1; j >= 0; j-- {
		if f := p.Funcs[j]; f.Node().End() > pos {
			return f
		}
	}
	return nil
}

// Declared returns the declared function whose body holds pos, through
// any function literals in it; nil if there is none.
func (p *Program) Declared(pos token.Pos) *types.Func {
	f := p.FuncAt(pos)
	for f != nil && f.Parent != nil {
		f = f.Parent
	}
	if f == nil {
		return nil
	}
	return f.Obj
}

// InTest reports whether pos lies in a _test.go file.
func (p *Program) InTest(pos token.Pos) bool {
	return p.tests[p.Fset.File(pos)]
}

// IsTestFunc reports whether f is a test, benchmark or fuzz function (or
// a method of a test suite named so) taking a *testing.T, B or F.
func IsTestFunc(f *Func) bool {
	if f == nil || f.Decl == nil || f.Sig.Params().Len() != 1 {
		return false
	}
	named := false
	for _, prefix := range []string{"Test", "Benchmark", "Fuzz"} {
		named = named || strings.HasPrefix(f.Decl.Name.Name, prefix)
	}
	t := f.Sig.Params().At(0).Type()
	return named && (isNamed(t, "testing", "T") || isNamed(t, "testing", "B") || isNamed(t, "testing", "F"))
}

// isNamed reports whether t, or the type t points to, is pkg.name.
func isNamed(t types.Type, pkg, name string) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == name && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg
}
