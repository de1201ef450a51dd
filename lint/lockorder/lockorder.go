package lockorder

import (
	"go/ast"
	"go/token"
	"reflect"

	"github.com/leash-go/leash/lint/internal/endings"
	"github.com/leash-go/leash/lint/internal/ignore"
	"github.com/leash-go/leash/lint/internal/locks"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports mutex deadlocks a goroutine walks into on its own or
// with another goroutine taking the same two mutexes the other way round.
var Analyzer = &analysis.Analyzer{
	Name: "lockorder",
	Doc: `report mutex deadlocks: locking a held mutex again, recursive read locks, opposite lock orders, early returns that keep a lock

sync.Mutex is not reentrant: a goroutine that locks a mutex it already
holds, directly or in a function of the package it calls, waits for itself
forever, and so does everyone else who needs the mutex. A read lock taken
again while held deadlocks as soon as a writer waits in between: it is
reported when the package runs such a writer at the same time as the
reader (-lockorder.audit: when it write-locks the mutex at all). A return
that skips the Unlock leaves the mutex locked for good. A sync.Cond's
Wait as a goroutine's first call unlocks a lock the goroutine cannot
hold. With
-lockorder.order, it also reports two mutexes locked in opposite orders,
which deadlock when the two code paths run at once.`,
	URL:        "https://pkg.go.dev/github.com/leash-go/leash/lint/lockorder",
	Requires:   []*analysis.Analyzer{model.Analyzer},
	Run:        ignore.Wrap(run),
	ResultType: reflect.TypeFor[*endings.Summary](),
}

// order turns on the lock-order rule (-lockorder.order): two mutexes
// taken in opposite orders. It compares mutexes by the field that declares
// them, not by instance, and on real code it also reports orders that the
// program's state keeps apart, so it is off unless asked for.
var order bool

// audit turns on every rule that guesses (-lockorder.audit): the
// lock-order rule, as -lockorder.order does, recursive read locks of
// a mutex write-locked anywhere in the package, whether or not the
// package shows the writer running at the same time as the reader, and
// calls whose callee locks the held mutex on some of its paths only.
var audit bool

func init() {
	Analyzer.Flags.BoolVar(&order, "order", false, "also report two mutexes locked in opposite orders (compares mutexes by declaring field; less precise)")
	Analyzer.Flags.BoolVar(&audit, "audit", false, "also report what the check guesses: two mutexes locked in opposite orders (as -lockorder.order), recursive read locks without a writer shown running at the same time, and calls whose callee locks the held mutex on some of its paths only")
}

// ordering reports whether the lock-order rule runs.
func ordering() bool { return order || audit }

// checker holds one pass's state; it is the rules the lock analysis runs
// as it walks each function.
type checker struct {
	pass  *analysis.Pass
	p     *model.Program
	a     *locks.Analysis
	edges []edge
	entry map[*locks.Func][]string // entryHeld, once computed
	// goroutines are where the goroutines running each function come
	// from, once a recursive read lock needs them.
	goroutines *goroutines
	reported   map[token.Pos]bool
	// pending are the findings the whole program may show to be moot
	// (see keptOnError).
	pending []endings.Pending
	// unlockVals are the mutexes whose Unlock is a method value, once
	// computed (see unlockValues).
	unlockVals map[model.RefKey]bool
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:     pass,
		p:        pass.ResultOf[model.Analyzer].(*model.Program),
		reported: make(map[token.Pos]bool),
	}
	c.a = locks.New(c.p, c)
	c.a.Run()
	c.unheldWaits()
	if ordering() {
		c.reportOrders()
	}
	s := &endings.Summary{Pending: c.pending}
	if !audit { // with the audit rules, findings in code only tests reach stay
		s.Reached = c.p.Reached()
	}
	return s, nil
}

// funcName names the innermost function declaration around pos.
func (c *checker) funcName(pos token.Pos) string {
	for f := c.p.FuncAt(pos); f != nil; f = f.Parent {
		if f.Decl != nil {
			return f.Decl.Name.Name
		}
	}
	return "the function literal"
}

// walkState is what the rules keep for one function's walk.
type walkState struct {
	// relocked are the mutexes reported as locked again.
	relocked map[model.RefKey]bool
	// lists maps each Lock call to the statement list holding it.
	lists map[*ast.CallExpr][]ast.Stmt
	// topOfLoop are the Lock calls made by a statement of a loop's body
	// itself, not nested in a branch: they run on every iteration.
	topOfLoop map[*ast.CallExpr]bool
}

func ws(w *locks.Walk) *walkState { return w.Rule.(*walkState) }
