// Package endings tells, across the packages of a program, which functions
// return only as the program or its command-line command ends.
//
// A goroutine stranded when such a function returns dies with the process
// a moment later: a leak only in name. One package's analysis sees its own
// callers, not those in the packages that import it, and go/analysis facts
// flow the other way, from a package to its importers. So each package
// hands the leash command a Summary — the functions whose return ends the
// program (main, what a cobra or urfave/cli command runs), its calls, and
// the findings that hold only if some function's return does not end it —
// and the command, once every package is analysed, resolves them together
// (Resolve). Under go vet and golangci-lint, which see one package at a
// time, those findings stay.
package endings

import (
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// A Summary is what one package's analysis tells the whole program.
type Summary struct {
	// Ends are the functions of the package whose return ends the program
	// or the command-line command running it.
	Ends []string
	// Calls are the package's static calls, outside its tests, of declared
	// functions of its module.
	Calls []Call
	// Open are the functions of the package that code out of sight may
	// call: used as a value.
	Open []string
	// Methods are the package's methods of concrete types, each with the
	// name (see Dispatch) under which Calls list the calls of an interface
	// method it may be the one to run.
	Methods []Method
	// Pending are the findings that hold only if Func's return can leave
	// the program running, or only if code outside the tests reaches the
	// function they are in.
	Pending []Pending
	// Reached tells which of the package's functions only tests reach
	// (see Reach).
	Reached
}

// Reached is what a package shows of who reaches its declared functions:
// with every package's, Resolve finds the functions only tests reach.
type Reached struct {
	// Refs are the package's references, outside its tests, to the
	// declared functions (not methods) of its module: calls, go and defer
	// statements, and uses as a value alike. From is the declared function
	// the reference is in; "" for a method's body or package-level code,
	// which code out of sight may run.
	Refs []Ref
	// Sealed are the package's declared functions that no code out of
	// sight can reach: unexported ones but main and init, when no
	// directive (//export, //go:linkname) opens them. (An exported
	// function of a main package stays open: a plugin's host looks it up
	// by name.) Internal are its exported functions in a package whose import
	// path has an internal element: sealed too once the whole module is in
	// sight, for only the module can import the package.
	Sealed, Internal []string
	// Unbuilt are the names the package's files left out of this build
	// (by build constraints: another system's files) refer to. A sealed
	// function so named stays reached: the code that refers to it runs
	// elsewhere.
	Unbuilt []string
}

// A Ref is a reference of function To in function From (see Reached.Refs).
type Ref struct {
	From, To string
}

// A Call is a static call of Callee.
type Call struct {
	// Caller is the calling function; "" for a function literal.
	Caller string
	// CallerEnds is set when the package alone shows that the caller's
	// return ends the program or its command.
	CallerEnds bool
	Callee     string
	// Last is set when the call is as nearly the caller's last act: not in
	// a go or defer statement or a loop that may run for good (a range
	// over a collection or a count ends by itself), and nothing that can
	// wait follows it, or its loop, in the caller's body.
	Last bool
	// When the call gives an error (v, err := f(); if err != nil {...}),
	// the caller at once ends the process (ExitsOnError: log.Fatal,
	// os.Exit), returns an error (ReturnsError), or returns otherwise
	// (Returns).
	ExitsOnError, ReturnsError, Returns bool
	// Handed are the indexes of the arguments that are contexts nothing in
	// sight ends (context.Background(), or one derived from it with no
	// deadline); Passes, those that are a context parameter of a function
	// other packages may call (the caller's, or its caller's), passed on as
	// it is or derived with no deadline: handed too if every call of that
	// function hands it one.
	Handed []int
	Passes []Pass
}

// A Method is a method of a concrete type: Func its Key, Dispatch its
// Dispatch name.
type Method struct {
	Func, Dispatch string
}

// A Pass says that argument Arg of a call is the context parameter Param
// of Func, passed on.
type Pass struct {
	Arg   int
	Func  string
	Param int
}

// A Pending finding is dropped once the program shows that Func returns
// only as the program or its command ends — or, when OnError is set (only
// Func's returns that give an error strand anything), that it returns an
// error only as they end.
//
// A finding whose receiver leaves only when a context it was handed ends
// names, in CtxFunc and CtxArg, the function and the index of its context
// parameter: it is dropped too once every call of CtxFunc passes there a
// context that nothing in sight ends (see Call.Handed), through every
// caller up to its origin — context.Background() in a main, say. Such a
// context ends, if ever, only as the program does.
//
// Any finding names in Within the declared function it is in: it is
// dropped too when that function is sealed (see Summary.Sealed) and no
// code outside the tests reaches it. A leak in code only tests run is a
// test's, as a leak in a _test.go file is.
type Pending struct {
	Pos     token.Pos
	Func    string
	OnError bool
	CtxFunc string
	CtxArg  int
	Within  string
}

// Key names a declared function across packages: its full name, the
// generic function for an instance of one.
func Key(fn *types.Func) string {
	return fn.Origin().FullName()
}

// Dispatch names a method as a call through an interface sees it: by its
// name and signature (and, for an unexported name, its package), not its
// receiver, and not the names of its parameters and results, which an
// interface and the methods that satisfy it need not share
// (Commit(...saver) ([]byte, int64, error) in the interface,
// Commit(savers ...saver) (hash []byte, version int64, err error) in its
// implementation). A call of an interface method of the module is listed
// under the Dispatch of that method, and counts as a call of every
// concrete method with the same Dispatch: any of them may be the one that
// runs. Matching by name and signature may take in a method that no such
// call can reach; that only adds callers, each of which must end the
// program for a finding to be dropped.
func Dispatch(fn *types.Func) string {
	name := fn.Name()
	if !fn.Exported() && fn.Pkg() != nil {
		name = fn.Pkg().Path() + "." + name
	}
	sig := fn.Signature()
	unnamed := types.NewSignatureType(nil, nil, nil, typesOnly(sig.Params()), typesOnly(sig.Results()), sig.Variadic())
	return dispatchPrefix + name + " " + types.TypeString(unnamed, nil)
}

// typesOnly returns t's variables without their names.
func typesOnly(t *types.Tuple) *types.Tuple {
	vars := make([]*types.Var, t.Len())
	for i := range vars {
		vars[i] = types.NewParam(token.NoPos, nil, "", t.At(i).Type())
	}
	return types.NewTuple(vars...)
}

const dispatchPrefix = "dispatch "

// Ends are the functions whose return ends the program or its command,
// as far as the summaries show.
type Ends struct {
	all     map[string]bool // every return
	onError map[string]bool // every return that gives an error
	// handed holds, per function with calls in sight and not open, the
	// arguments every call passes a context nothing in sight ends.
	handed map[string]map[int]bool
	// testOnly holds the sealed functions no code outside the tests
	// reaches.
	testOnly map[string]bool
}

// Drops reports whether the finding p is a leak only as the program or
// its command ends, or only when a context that no code in sight ends
// does (see Pending).
func (e Ends) Drops(p Pending) bool {
	if e.testOnly[p.Within] {
		return true
	}
	if p.CtxFunc != "" && e.handed[p.CtxFunc][p.CtxArg] {
		return true
	}
	if p.OnError {
		return e.onError[p.Func]
	}
	return e.all[p.Func]
}

// Resolve returns the functions whose return ends the program or its
// command: those the summaries list as Ends, and, as far as it follows, a
// function every call of which, in all the summaries, is the last act of
// a function whose return ends it too. A function's returns that give an
// error end it too when every call, on an error, exits, or returns at once
// from a function whose returns (giving an error, if it returns one) end
// it. A call of an interface method of the module counts as a call of
// each concrete method that may run (see Dispatch). A function with no
// call in sight, or used as a value, is neither: code out of sight may
// call it.
//
// wholeModule tells that every package of the module is in sums, so that
// the exported functions of its internal packages are sealed too.
func Resolve(sums []*Summary, wholeModule bool) Ends {
	e := Ends{all: make(map[string]bool), onError: make(map[string]bool), handed: make(map[string]map[int]bool), testOnly: testOnly(sums, wholeModule)}
	callers := make(map[string][]Call)
	open := make(map[string]bool)
	for _, s := range sums {
		for _, f := range s.Ends {
			e.all[f] = true
		}
		for _, o := range s.Open {
			open[o] = true
		}
		for _, c := range s.Calls {
			callers[c.Callee] = append(callers[c.Callee], c)
		}
	}
	addDispatched(callers, sums)
	ends := func(c Call, set map[string]bool) bool { return c.CallerEnds || c.Caller != "" && set[c.Caller] }
	fixpoint(callers, open, e.all, func(c Call) bool { return c.Last && ends(c, e.all) })
	for f := range e.all {
		e.onError[f] = true
	}
	fixpoint(callers, open, e.onError, func(c Call) bool {
		return c.Last && ends(c, e.all) || c.ExitsOnError || c.ReturnsError && ends(c, e.onError) || c.Returns && ends(c, e.all)
	})
	e.resolveHanded(callers, open)
	return e
}

// addDispatched adds to each concrete method's callers the calls of the
// interface methods it may be the one to run (see Dispatch), and then
// drops those interface methods from callers: they are not functions
// whose returns a finding can wait on.
func addDispatched(callers map[string][]Call, sums []*Summary) {
	for _, s := range sums {
		for _, m := range s.Methods {
			if calls := callers[m.Dispatch]; len(calls) > 0 {
				callers[m.Func] = append(callers[m.Func], calls...)
			}
		}
	}
	for key := range callers {
		if strings.HasPrefix(key, dispatchPrefix) {
			delete(callers, key)
		}
	}
}

// resolveHanded finds, until nothing changes, the context parameters every
// call of whose function passes a context nothing in sight ends: handed
// at the call, or a parameter found so before.
func (e Ends) resolveHanded(callers map[string][]Call, open map[string]bool) {
	handedAt := func(c Call, i int) bool {
		if slices.Contains(c.Handed, i) {
			return true
		}
		for _, p := range c.Passes {
			if p.Arg == i && e.handed[p.Func][p.Param] {
				return true
			}
		}
		return false
	}
	for changed := true; changed; {
		changed = false
		for callee, calls := range callers {
			if open[callee] {
				continue
			}
			candidates := slices.Clone(calls[0].Handed)
			for _, p := range calls[0].Passes {
				candidates = append(candidates, p.Arg)
			}
			for _, i := range candidates {
				if e.handed[callee][i] || !allOK(calls, func(c Call) bool { return handedAt(c, i) }) {
					continue
				}
				if e.handed[callee] == nil {
					e.handed[callee] = make(map[int]bool)
				}
				e.handed[callee][i] = true
				changed = true
			}
		}
	}
}

// fixpoint adds to set, until nothing changes, every function that is not
// open and has calls, each of which ok accepts.
func fixpoint(callers map[string][]Call, open, set map[string]bool, ok func(Call) bool) {
	for changed := true; changed; {
		changed = false
		for callee, calls := range callers {
			if set[callee] || open[callee] || !allOK(calls, ok) {
				continue
			}
			set[callee] = true
			changed = true
		}
	}
}

func allOK(calls []Call, ok func(Call) bool) bool {
	for _, c := range calls {
		if !ok(c) {
			return false
		}
	}
	return true
}

// testOnly returns the sealed functions that no reference outside the
// tests reaches, from code out of sight or from a function so reached.
func testOnly(sums []*Summary, wholeModule bool) map[string]bool {
	sealed := make(map[string]bool)
	refs := make(map[string][]string) // by the function referenced
	unbuilt := make(map[string]bool)
	for _, s := range sums {
		for _, name := range s.Unbuilt {
			unbuilt[name] = true
		}
	}
	for _, s := range sums {
		for _, f := range s.Sealed {
			sealed[f] = true
		}
		if wholeModule {
			for _, f := range s.Internal {
				sealed[f] = true
			}
		}
		for _, r := range s.Refs {
			refs[r.To] = append(refs[r.To], r.From)
		}
	}
	reached := make(map[string]bool)
	for f := range sealed {
		reached[f] = unbuilt[f[strings.LastIndexByte(f, '.')+1:]]
	}
	for changed := true; changed; {
		changed = false
		for f := range sealed {
			if reached[f] {
				continue
			}
			if slices.ContainsFunc(refs[f], func(from string) bool { return !sealed[from] || reached[from] }) {
				reached[f] = true
				changed = true
			}
		}
	}
	out := make(map[string]bool)
	for f := range sealed {
		if !reached[f] {
			out[f] = true
		}
	}
	return out
}
