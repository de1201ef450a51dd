package locks

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
)

// Analysis is the lock analysis of one package.
type Analysis struct {
	p     *model.Program
	info  *types.Info
	rules Rules
	funcs map[*model.Func]*Func
	calls map[*ast.CallExpr]*model.Call
	// lockOps are the package's mutex operations by call.
	lockOps map[*ast.CallExpr]*model.LockOp
	// Writers are the functions that write-lock a mutex of each class;
	// WriterIn, those that write-lock each variable's mutexes; LockIn and
	// UnlockIn, those that lock and unlock each mutex.
	Writers  map[string][]*model.Func
	WriterIn map[*types.Var][]*model.Func
	LockIn   map[model.RefKey][]*model.Func
	UnlockIn map[model.RefKey][]*model.Func
	// conds maps Cond fields to the mutex their L is (see condLocks);
	// computed on first use.
	conds map[*types.Var]condLock
}

// Rules are what a check does while the reporting pass walks a function:
// each method is called with the state just before the node it is about.
type Rules interface {
	// Lock is called at a Lock or RLock of the function's own body.
	Lock(w *Walk, st *State, call *ast.CallExpr, h Hold)
	// LockVia is called at a call whose callee locks a mutex.
	LockVia(w *Walk, st *State, call *ast.CallExpr, callee *Func, l Locking, guarded bool)
	// Call is called at each call of a function of the package; st is nil
	// for a go statement or a deferred call, which run holding nothing of
	// the caller's.
	Call(w *Walk, callee *Func, st *State)
	// Locked is called where the function locks l, at site (the Lock, or
	// the call that leads to it), while st.Must is held.
	Locked(w *Walk, st *State, site token.Pos, l Locking, guarded bool)
	// Done is called once the function has been walked.
	Done(w *Walk)
}

// New analyses the mutexes of the package p models, reporting through
// rules (nil: none).
func New(p *model.Program, rules Rules) *Analysis {
	if rules == nil {
		rules = noRules{}
	}
	a := &Analysis{
		p: p, info: p.Info, rules: rules,
		funcs:    make(map[*model.Func]*Func),
		calls:    make(map[*ast.CallExpr]*model.Call),
		lockOps:  make(map[*ast.CallExpr]*model.LockOp),
		Writers:  make(map[string][]*model.Func),
		WriterIn: make(map[*types.Var][]*model.Func),
		LockIn:   make(map[model.RefKey][]*model.Func),
		UnlockIn: make(map[model.RefKey][]*model.Func),
	}
	for _, f := range p.Funcs {
		for _, c := range f.Calls {
			a.calls[c.Expr] = c
		}
	}
	for _, op := range p.Locks {
		a.lockOps[op.Call.Expr] = op
	}
	for _, op := range p.Locks {
		if op.Call.In != nil {
			a.scan(op.Call.Expr, op.Call.In)
		}
	}
	return a
}

// Run walks every function of the package once, reporting through the
// rules.
func (a *Analysis) Run() {
	for _, f := range a.p.Funcs {
		a.SummaryOf(a.funcOf(f))
	}
}

// FuncOf returns the analysis of f.
func (a *Analysis) FuncOf(f *model.Func) *Func { return a.funcOf(f) }

// Program returns the model the analysis reads.
func (a *Analysis) Program() *model.Program { return a.p }

// MutexOp classifies a call as a method of a mutex the analysis can name
// (see model.LockOp; a Cond's L stands for the mutex it was made from).
func (a *Analysis) MutexOp(call *ast.CallExpr) (model.LockKind, model.Ref, bool) {
	return a.mutexOp(call)
}

// scan records what a call that fn makes does to a mutex, for the
// questions that span functions: which classes and variables are
// write-locked, and which functions lock and unlock each mutex.
func (a *Analysis) scan(call *ast.CallExpr, fn *model.Func) {
	o, r, ok := a.mutexOp(call)
	if !ok {
		return
	}
	k := r.Key()
	switch o {
	case model.Lock, model.RLock, model.TryLock, model.TryRLock:
		a.LockIn[k] = append(a.LockIn[k], fn)
	case model.Unlock, model.RUnlock:
		a.UnlockIn[k] = append(a.UnlockIn[k], fn)
	}
	if o == model.Lock || o == model.TryLock {
		a.WriterIn[r.Root] = append(a.WriterIn[r.Root], fn)
		if cl := class(r); cl.valid() {
			a.Writers[cl.key] = append(a.Writers[cl.key], fn)
		}
	}
}

type noRules struct{}

func (noRules) Lock(*Walk, *State, *ast.CallExpr, Hold)                    {}
func (noRules) LockVia(*Walk, *State, *ast.CallExpr, *Func, Locking, bool) {}
func (noRules) Call(*Walk, *Func, *State)                                  {}
func (noRules) Locked(*Walk, *State, token.Pos, Locking, bool)             {}
func (noRules) Done(*Walk)                                                 {}
