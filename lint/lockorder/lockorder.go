package lockorder

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/leash-go/leash/lint/internal/flow"
	"github.com/leash-go/leash/lint/internal/ignore"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer reports mutex deadlocks a goroutine walks into on its own or
// with another goroutine taking the same two mutexes the other way round.
var Analyzer = &analysis.Analyzer{
	Name: "lockorder",
	Doc: `report mutex deadlocks: locking a held mutex again, recursive read locks, opposite lock orders, early returns that keep a lock

sync.Mutex is not reentrant: a goroutine that locks a mutex it already
holds, directly or in a function of the package it calls, waits for itself
forever, and so does everyone else who needs the mutex. A read lock taken
again while held deadlocks as soon as a writer waits in between. A return
that skips the Unlock leaves the mutex locked for good. With
-lockorder.order, it also reports two mutexes locked in opposite orders,
which deadlock when the two code paths run at once.`,
	URL:      "https://pkg.go.dev/github.com/leash-go/leash/lint/lockorder",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      ignore.Wrap(run),
}

// order turns on the lock-order rule (-lockorder.order): two mutexes
// taken in opposite orders. It compares mutexes by the field that declares
// them, not by instance, and on real code it also reports orders that the
// program's state keeps apart, so it is off unless asked for.
var order bool

func init() {
	Analyzer.Flags.BoolVar(&order, "order", false, "also report two mutexes locked in opposite orders (compares mutexes by declaring field; less precise)")
}

// checker holds one pass's state.
type checker struct {
	pass     *analysis.Pass
	info     *types.Info
	decls    map[*types.Func]*ast.FuncDecl
	funcs    map[ast.Node]*funcInfo
	edges    []edge
	reported map[token.Pos]bool
	names    []named // every function, for funcName
	// writers are the classes of the mutexes the package write-locks
	// somewhere; writerIn, the functions that write-lock each variable's
	// mutexes; lockIn and unlockIn, those that lock and unlock each mutex.
	writers  map[string]bool
	writerIn map[*types.Var][]ast.Node
	unlockIn map[refKey][]ast.Node
	lockIn   map[refKey][]ast.Node
	// escaped are the functions used as values: called from anywhere.
	escaped map[ast.Node]bool
	// calls are the calls each function makes itself (not those of the
	// function literals inside it).
	calls map[ast.Node][]*ast.CallExpr
	// conds maps Cond fields to the mutex their L is (see condLocks);
	// computed on first use.
	conds map[*types.Var]condLock
}

type named struct {
	pos, end token.Pos
	name     string
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:     pass,
		info:     pass.TypesInfo,
		decls:    make(map[*types.Func]*ast.FuncDecl),
		funcs:    make(map[ast.Node]*funcInfo),
		reported: make(map[token.Pos]bool),
		writers:  make(map[string]bool),
		writerIn: make(map[*types.Var][]ast.Node),
		unlockIn: make(map[refKey][]ast.Node),
		lockIn:   make(map[refKey][]ast.Node),
		escaped:  make(map[ast.Node]bool),
		calls:    make(map[ast.Node][]*ast.CallExpr),
	}
	var all []ast.Node
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	kinds := []ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.CallExpr)(nil)}
	ins.WithStack(kinds, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		switch n := n.(type) {
		case *ast.FuncDecl:
			if fn, ok := c.info.Defs[n.Name].(*types.Func); ok {
				c.decls[fn] = n
			}
			if n.Body != nil {
				all = append(all, n)
				c.names = append(c.names, named{n.Pos(), n.End(), n.Name.Name})
			}
		case *ast.FuncLit:
			all = append(all, n)
		case *ast.CallExpr:
			if fn := innermostFunc(stack[:len(stack)-1]); fn != nil {
				c.calls[fn] = append(c.calls[fn], n)
				c.scanCall(n, fn)
			}
		}
		return true
	})
	if order {
		c.findEscaped()
	}
	for _, n := range all {
		c.summaryOf(c.funcOf(n))
	}
	if order {
		c.reportOrders()
	}
	return nil, nil
}

// mayReturn reports whether a call can return to its caller: not panic,
// os.Exit, log.Fatal and the like, or a test's Fatal and FailNow.
func (c *checker) mayReturn(call *ast.CallExpr) bool {
	if flow.IsBuiltin(c.info, call.Fun, "panic") {
		return false
	}
	fn, ok := typeutil.Callee(c.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return true
	}
	name := fn.Name()
	switch fn.Pkg().Path() {
	case "os":
		return name != "Exit"
	case "runtime":
		return name != "Goexit"
	case "log":
		return !strings.HasPrefix(name, "Fatal") && !strings.HasPrefix(name, "Panic")
	case "testing":
		return !strings.HasPrefix(name, "Fatal") && name != "FailNow" && !strings.HasPrefix(name, "Skip")
	}
	return true
}

// funcName names the innermost function declaration around pos.
func (c *checker) funcName(pos token.Pos) string {
	name := "the function literal"
	for _, n := range c.names {
		if n.pos <= pos && pos < n.end {
			name = n.name
		}
	}
	return name
}

// display spells a mutex as the source does: s.mu, or s.cache for a mutex
// embedded in the field cache (locked as s.cache.Lock()).
func display(r ref) string {
	s := r.String()
	if n := len(r.steps); n > 1 && r.steps[n-1].field.Embedded() {
		s = strings.TrimSuffix(s, "."+r.steps[n-1].field.Name())
	}
	return s
}

// findEscaped marks the functions of the package used other than by
// calling them: as values, method values or method expressions.
func (c *checker) findEscaped() {
	called := make(map[*ast.Ident]bool)
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				switch fun := ast.Unparen(call.Fun).(type) {
				case *ast.Ident:
					called[fun] = true
				case *ast.SelectorExpr:
					called[fun.Sel] = true
				case *ast.IndexExpr: // a generic function instantiated
					if id, ok := fun.X.(*ast.Ident); ok {
						called[id] = true
					}
				}
			}
			return true
		})
	}
	for id, obj := range c.info.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || called[id] {
			continue
		}
		if d := c.decls[fn.Origin()]; d != nil {
			c.escaped[d] = true
		}
	}
}

// inTest reports whether pos is in a _test.go file.
func (c *checker) inTest(pos token.Pos) bool {
	return strings.HasSuffix(c.pass.Fset.Position(pos).Filename, "_test.go")
}
