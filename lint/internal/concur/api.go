package concur

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// Import paths of the libraries whose APIs are recognised.
const (
	ErrgroupPath  = "golang.org/x/sync/errgroup"
	SemaphorePath = "golang.org/x/sync/semaphore"
	LeashPath     = "github.com/leash-go/leash"
	ConcPath      = "github.com/sourcegraph/conc"
	ConcPoolPath  = "github.com/sourcegraph/conc/pool"
	ConcIterPath  = "github.com/sourcegraph/conc/iter"
)

// Family is the library a recognised function belongs to.
type Family int

// The recognised families.
const (
	NoFamily  Family = iota
	Errgroup         // golang.org/x/sync/errgroup
	Leash            // github.com/leash-go/leash
	Conc             // github.com/sourcegraph/conc and its pool and iter packages
	WaitGroup        // sync.WaitGroup
	Semaphore        // golang.org/x/sync/semaphore
	Context          // context
)

// Role is what a recognised function does.
type Role int

// The recognised roles.
const (
	NoRole Role = iota
	// Go runs its function argument in a new goroutine:
	// (*errgroup.Group).Go and TryGo, (*leash.Group).Go and TryGo,
	// (*sync.WaitGroup).Go, conc's WaitGroup and pools' Go.
	Go
	// ForEach runs its function argument once per item on a bounded set of
	// goroutines and returns when all are done: leash.Map, ForEach, MapSeq,
	// ForEachSeq; conc's iter.Map, ForEach and friends.
	ForEach
	// Wait waits for the goroutines a group started.
	Wait
	// SetLimit bounds how many of a group's tasks run at once:
	// (*errgroup.Group).SetLimit and conc's WithMaxGoroutines.
	SetLimit
	// Limit is the leash.Limit option.
	Limit
	// NewGroup makes a group: errgroup.WithContext, leash.NewGroup,
	// conc.NewWaitGroup, pool.New and pool.NewWithResults.
	NewGroup
	// WithContext derives a context-aware group from a conc pool.
	WithContext
	// Add is (*sync.WaitGroup).Add.
	Add
	// Done is (*sync.WaitGroup).Done.
	Done
	// Acquire takes a semaphore: (*semaphore.Weighted).Acquire and TryAcquire.
	Acquire
	// Release gives a semaphore back.
	Release
	// CtxDone is (context.Context).Done.
	CtxDone
	// Detached makes a context that no caller can cancel:
	// context.Background and context.TODO.
	Detached
	// WithoutCancel is context.WithoutCancel: a context detached on purpose.
	WithoutCancel
	// Derive makes a child context: context.WithCancel, WithTimeout,
	// WithDeadline, WithValue and their Cause variants.
	Derive
)

// Known describes a recognised function.
type Known struct {
	Family Family
	Role   Role
	// Task is the index of the function argument that runs concurrently
	// (for Go and ForEach), or -1.
	Task int
}

type key struct{ pkg, recv, name string }

var (
	goTask0      = func(f Family) Known { return Known{f, Go, 0} }
	forEachTask2 = func(f Family) Known { return Known{f, ForEach, 2} }
	forEachTask1 = func(f Family) Known { return Known{f, ForEach, 1} }
	plain        = func(f Family, r Role) Known { return Known{f, r, -1} }
)

var known = map[key]Known{
	{ErrgroupPath, "", "WithContext"}:         plain(Errgroup, NewGroup),
	{ErrgroupPath, "Group", "Go"}:             goTask0(Errgroup),
	{ErrgroupPath, "Group", "TryGo"}:          goTask0(Errgroup),
	{ErrgroupPath, "Group", "Wait"}:           plain(Errgroup, Wait),
	{ErrgroupPath, "Group", "SetLimit"}:       plain(Errgroup, SetLimit),
	{LeashPath, "", "NewGroup"}:               plain(Leash, NewGroup),
	{LeashPath, "", "Limit"}:                  plain(Leash, Limit),
	{LeashPath, "", "Map"}:                    forEachTask2(Leash),
	{LeashPath, "", "ForEach"}:                forEachTask2(Leash),
	{LeashPath, "", "MapSeq"}:                 forEachTask2(Leash),
	{LeashPath, "", "ForEachSeq"}:             forEachTask2(Leash),
	{LeashPath, "Group", "Go"}:                goTask0(Leash),
	{LeashPath, "Group", "TryGo"}:             goTask0(Leash),
	{LeashPath, "Group", "Wait"}:              plain(Leash, Wait),
	{"sync", "WaitGroup", "Go"}:               goTask0(WaitGroup),
	{"sync", "WaitGroup", "Wait"}:             plain(WaitGroup, Wait),
	{"sync", "WaitGroup", "Add"}:              plain(WaitGroup, Add),
	{"sync", "WaitGroup", "Done"}:             plain(WaitGroup, Done),
	{ConcPath, "", "NewWaitGroup"}:            plain(Conc, NewGroup),
	{ConcPath, "WaitGroup", "Go"}:             goTask0(Conc),
	{ConcPath, "WaitGroup", "Wait"}:           plain(Conc, Wait),
	{ConcPath, "WaitGroup", "WaitAndRecover"}: plain(Conc, Wait),
	{ConcPoolPath, "", "New"}:                 plain(Conc, NewGroup),
	{ConcPoolPath, "", "NewWithResults"}:      plain(Conc, NewGroup),
	{ConcIterPath, "", "ForEach"}:             forEachTask1(Conc),
	{ConcIterPath, "", "ForEachIdx"}:          forEachTask1(Conc),
	{ConcIterPath, "", "Map"}:                 forEachTask1(Conc),
	{ConcIterPath, "", "MapErr"}:              forEachTask1(Conc),
	{SemaphorePath, "Weighted", "Acquire"}:    plain(Semaphore, Acquire),
	{SemaphorePath, "Weighted", "TryAcquire"}: plain(Semaphore, Acquire),
	{SemaphorePath, "Weighted", "Release"}:    plain(Semaphore, Release),
	{"context", "Context", "Done"}:            plain(Context, CtxDone),
	{"context", "", "Background"}:             plain(Context, Detached),
	{"context", "", "TODO"}:                   plain(Context, Detached),
	{"context", "", "WithoutCancel"}:          plain(Context, WithoutCancel),
	{"context", "", "WithCancel"}:             plain(Context, Derive),
	{"context", "", "WithCancelCause"}:        plain(Context, Derive),
	{"context", "", "WithTimeout"}:            plain(Context, Derive),
	{"context", "", "WithTimeoutCause"}:       plain(Context, Derive),
	{"context", "", "WithDeadline"}:           plain(Context, Derive),
	{"context", "", "WithDeadlineCause"}:      plain(Context, Derive),
	{"context", "", "WithValue"}:              plain(Context, Derive),
}

// concPools are the conc pool types; their methods are recognised by name.
var concPools = map[string]bool{
	"Pool": true, "ErrorPool": true, "ContextPool": true,
	"ResultPool": true, "ResultErrorPool": true, "ResultContextPool": true,
}

// Lookup reports what fn does, if it is a recognised function or method.
// Instantiations of generic functions are recognised by their origin.
func Lookup(fn *types.Func) (Known, bool) {
	if fn == nil || fn.Pkg() == nil {
		return Known{}, false
	}
	fn = fn.Origin()
	pkg, recv := fn.Pkg().Path(), recvName(fn)
	if k, ok := known[key{pkg, recv, fn.Name()}]; ok {
		return k, true
	}
	if pkg == ConcPoolPath && concPools[recv] {
		switch fn.Name() {
		case "Go":
			return goTask0(Conc), true
		case "Wait":
			return plain(Conc, Wait), true
		case "WithMaxGoroutines":
			return plain(Conc, SetLimit), true
		case "WithContext":
			return plain(Conc, WithContext), true
		}
	}
	return Known{}, false
}

// recvName is the name of the type a method is declared on, or "" for a
// function. Interface methods report the interface's name.
func recvName(fn *types.Func) string {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return ""
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// Callee returns the function or method call statically invokes (including
// methods of interfaces such as context.Context), or nil for calls of
// function values, conversions and builtins.
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// Call is a recognised call.
type Call struct {
	Known
	Fn   *types.Func
	Call *ast.CallExpr
	// Recv is the receiver expression of a method call (g in g.Go(f)), or nil.
	Recv ast.Expr
}

// CallOf recognises call.
func CallOf(info *types.Info, call *ast.CallExpr) (Call, bool) {
	fn := Callee(info, call)
	k, ok := Lookup(fn)
	if !ok {
		return Call{}, false
	}
	c := Call{Known: k, Fn: fn, Call: call}
	if recvName(fn) != "" {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			c.Recv = sel.X
		}
	}
	return c, true
}

// Is reports whether call is a recognised call with the given role.
func Is(info *types.Info, call *ast.CallExpr, role Role) bool {
	c, ok := CallOf(info, call)
	return ok && c.Role == role
}

// GivesDeadline reports whether call derives a context with a deadline:
// context.WithTimeout, WithDeadline and their Cause forms. Such a context
// ends on its own, whoever holds its parent.
func GivesDeadline(info *types.Info, call *ast.CallExpr) bool {
	c, ok := CallOf(info, call)
	if !ok || c.Role != Derive || len(call.Args) == 0 {
		return false
	}
	switch c.Fn.Name() {
	case "WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause":
		return true
	}
	return false
}
