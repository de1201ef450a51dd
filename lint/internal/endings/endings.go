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
}

// A Pending finding is dropped once the program shows that Func returns
// only as the program or its command ends.
type Pending struct {
	Pos  token.Pos
	Func string
}

// Key names a declared function across packages: its full name, the
// generic function for an instance of one.
func Key(fn *types.Func) string {
	return fn.Origin().FullName()
}

// Resolve returns the functions whose return ends the program or its
// command: those the summaries list as Ends, and, as far as it follows, a
// function every call of which, in all the summaries, is the last act of
// a function whose return ends it too. A function with no call in sight,
// or used as a value, is not one: code out of sight may call it.
func Resolve(sums []*Summary) map[string]bool {
	ends := make(map[string]bool)
	callers := make(map[string][]Call)
	open := make(map[string]bool)
	for _, s := range sums {
		for _, e := range s.Ends {
			ends[e] = true
		}
		for _, o := range s.Open {
			open[o] = true
		}
		for _, c := range s.Calls {
			callers[c.Callee] = append(callers[c.Callee], c)
		}
	}
	for changed := true; changed; {
		changed = false
		for callee, calls := range callers {
			if ends[callee] || open[callee] {
				continue
			}
			all := true
			for _, c := range calls {
				if !c.Last || !c.CallerEnds && (c.Caller == "" || !ends[c.Caller]) {
					all = false
					break
				}
			}
			if all {
				ends[callee] = true
				changed = true
			}
		}
	}
	return ends
}
