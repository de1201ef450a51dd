package locks

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
)

// A Summary is what a call of a function of the package does to the
// mutexes of its caller, in terms of the function's parameters (the
// receiver first) and of package-level variables — or, for a function
// literal, of the variables it captures.
type Summary struct {
	// Acquires are the mutexes the function locks, directly or through its
	// own calls, while it does not hold them itself.
	Acquires []Acquire
	// exitHeld are the mutexes it locks and still holds on every return:
	// a lock helper, or a function that forgets to unlock.
	exitHeld []exported
	// releases are the mutexes it unlocks without having locked them: the
	// caller's.
	releases []exported
}

func (s *Summary) empty() bool {
	return s == nil || len(s.Acquires) == 0 && len(s.exitHeld) == 0 && len(s.releases) == 0
}

// exported is a mutex as a function's caller can name it: through the
// parameter param (the receiver is 0 for a method), followed by the
// fields of ref, or, when param is -1, ref itself (a package-level or
// captured variable).
type exported struct {
	param int
	ref   model.Ref
	read  bool
}

// An Acquire is one Lock a call of the function may reach.
type Acquire struct {
	mutex exported
	named bool      // mutex is set: the caller can name the mutex
	class lockClass // the class, when the caller cannot name the mutex
	Read  bool
	// At is the Lock call, in Fn; Text is the mutex as Fn spells it.
	At   token.Pos
	Fn   string
	Text string
	// releasedBefore are mutexes the function unlocks before it gets to
	// the Lock: held by the caller, they are not held any more.
	releasedBefore []exported
	// guarded is set when the Lock depends on a boolean parameter along
	// the way (if !locked { mu.Lock() }): the caller says whether it holds
	// the mutex.
	guarded bool
	// maybe is set when a call of the function can return without
	// reaching the Lock: it sits behind a condition, in a loop that may run
	// no round, after a return, or in a function sync.Once runs only the
	// first time.
	maybe bool
}

// maxAcquires bounds the mutexes a summary lists, to keep chains of calls
// cheap in large packages.
const maxAcquires = 32

// export turns r, a mutex named in the function fi, into the name its
// callers can use; ok is false for a mutex in a local variable, or in a
// parameter's own value (a copy).
func (fi *Func) export(r model.Ref, read bool) (exported, bool) {
	if !r.Valid() {
		return exported{}, false
	}
	if i, ok := fi.params[r.Root]; ok {
		if r.Inline() {
			return exported{}, false // the callee's copy
		}
		return exported{param: i, ref: r, read: read}, true
	}
	if isPackageLevel(r.Root) {
		return exported{param: -1, ref: r, read: read}, true
	}
	if lit := fi.Model.Lit; lit != nil && !(lit.Pos() <= r.Root.Pos() && r.Root.Pos() < lit.End()) {
		return exported{param: -1, ref: r, read: read}, true // captured
	}
	return exported{}, false
}

// bind names, in the caller, the mutex e that a callee exports; ok is
// false when the argument it goes through cannot be named.
func (e exported) bind(args []model.Ref, argOK []bool) (model.Ref, bool) {
	if e.param < 0 {
		return e.ref, true
	}
	if e.param >= len(args) || !argOK[e.param] {
		return model.Ref{}, false
	}
	return args[e.param].Append(e.ref), true
}

// callArgs returns what the call passes for each parameter of its callee
// (the receiver first for a method), named as refs where possible.
func (a *Analysis) callArgs(call *ast.CallExpr, method bool) ([]model.Ref, []bool) {
	if a.onceOnly(call) {
		// once.Do(f) calls f with no arguments; a method value brings its
		// receiver (once.Do(c.unlock)).
		if sel, ok := ast.Unparen(call.Args[0]).(*ast.SelectorExpr); ok && method {
			if s := a.info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
				recv, ok := model.ReceiverRef(a.info, sel)
				return []model.Ref{recv}, []bool{ok}
			}
		}
		return nil, nil
	}
	exprs := call.Args
	var refs []model.Ref
	var oks []bool
	if method {
		var recv model.Ref
		ok := false
		if sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr); isSel {
			switch s := a.info.Selections[sel]; {
			case s != nil && s.Kind() == types.MethodVal:
				recv, ok = model.ReceiverRef(a.info, sel)
			case s != nil && s.Kind() == types.MethodExpr && len(exprs) > 0:
				recv, ok = model.RefOf(a.info, exprs[0]) // T.m(x, ...)
				exprs = exprs[1:]
			}
		}
		refs, oks = append(refs, recv), append(oks, ok)
	}
	for _, e := range exprs {
		r, ok := model.RefOf(a.info, e)
		refs, oks = append(refs, r), append(oks, ok)
	}
	return refs, oks
}

// Releases returns the mutexes fi unlocks without having locked them (its
// callers hold them), in fi's terms.
func (a *Analysis) Releases(fi *Func) []model.Ref {
	var out []model.Ref
	for _, e := range a.SummaryOf(fi).releases {
		out = append(out, e.ref)
	}
	return out
}
