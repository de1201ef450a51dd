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
	// Pending are the findings that hold only if Func's return can leave
	// the program running.
	Pending []Pending
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
	// a go or defer statement or a loop, and nothing that can wait follows
	// it in the caller's body.
	Last bool
	// When the call gives an error (v, err := f(); if err != nil {...}),
	// the caller at once ends the process (ExitsOnError: log.Fatal,
	// os.Exit), returns an error (ReturnsError), or returns otherwise
	// (Returns).
	ExitsOnError, ReturnsError, Returns bool
}

// A Pending finding is dropped once the program shows that Func returns
// only as the program or its command ends — or, when OnError is set (only
// Func's returns that give an error strand anything), that it returns an
// error only as they end.
type Pending struct {
	Pos     token.Pos
	Func    string
	OnError bool
}

// Key names a declared function across packages: its full name, the
// generic function for an instance of one.
func Key(fn *types.Func) string {
	return fn.Origin().FullName()
}

// Ends are the functions whose return ends the program or its command,
// as far as the summaries show.
type Ends struct {
	all     map[string]bool // every return
	onError map[string]bool // every return that gives an error
}

// Drops reports whether the finding p is a leak only as the program or
// its command ends.
func (e Ends) Drops(p Pending) bool {
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
// it. A function with no call in sight, or used as a value, is neither:
// code out of sight may call it.
func Resolve(sums []*Summary) Ends {
	e := Ends{all: make(map[string]bool), onError: make(map[string]bool)}
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
	ends := func(c Call, set map[string]bool) bool { return c.CallerEnds || c.Caller != "" && set[c.Caller] }
	fixpoint(callers, open, e.all, func(c Call) bool { return c.Last && ends(c, e.all) })
	for f := range e.all {
		e.onError[f] = true
	}
	fixpoint(callers, open, e.onError, func(c Call) bool {
		return c.Last && ends(c, e.all) || c.ExitsOnError || c.ReturnsError && ends(c, e.onError) || c.Returns && ends(c, e.all)
	})
	return e
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
