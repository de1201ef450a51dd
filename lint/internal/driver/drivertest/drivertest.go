// Package drivertest holds analyzers that exercise what a driver does for
// its checks rather than any check: facts that cross packages, and the
// audit flag that the -audit option turns on. The driver's tests run them
// in-process and, built into a command, under go vet -vettool.
package drivertest

import (
	"flag"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Sleeps is the fact that a function sleeps, directly or through the
// functions it calls: Via names the chain of calls down to a Sleep.
type Sleeps struct{ Via string }

func (*Sleeps) AFact() {}

func (s *Sleeps) String() string { return "sleeps via " + s.Via }

// Sleepy reports each call of a function of another package that sleeps:
// a function that calls a function named Sleep (time.Sleep, or one of the
// test's own, so that its tests need not analyse the standard library), or
// a function that sleeps. What it knows about another package's functions
// it learns only from facts, so a finding two packages above the Sleep
// shows that facts crossed both package boundaries.
var Sleepy = &analysis.Analyzer{
	Name:      "sleepy",
	Doc:       "report calls of functions of other packages that sleep",
	URL:       "https://pkg.go.dev/github.com/leash-go/leash/lint/internal/driver/drivertest",
	FactTypes: []analysis.Fact{new(Sleeps)},
	Run:       runSleepy,
}

func runSleepy(pass *analysis.Pass) (any, error) {
	sleeps := func(fn *types.Func) (string, bool) {
		if fn.Pkg() != nil && fn.Name() == "Sleep" {
			return fn.Pkg().Name() + ".Sleep", true
		}
		var fact Sleeps
		if pass.ImportObjectFact(fn, &fact) {
			return fn.Pkg().Name() + "." + fn.Name() + " → " + fact.Via, true
		}
		return "", false
	}
	// Export a fact for every function that sleeps, until no more are
	// found: a function may call one declared after it.
	for changed := true; changed; {
		changed = false
		for _, f := range pass.Files {
			for _, decl := range f.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok || fd.Body == nil {
					continue
				}
				fn := pass.TypesInfo.Defs[fd.Name].(*types.Func)
				if pass.ImportObjectFact(fn, new(Sleeps)) {
					continue
				}
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					if callee, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func); ok {
						if via, ok := sleeps(callee); ok && !pass.ImportObjectFact(fn, new(Sleeps)) {
							pass.ExportObjectFact(fn, &Sleeps{Via: via})
							changed = true
						}
					}
					return true
				})
			}
		}
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if callee, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func); ok && callee.Pkg() != pass.Pkg {
					var fact Sleeps
					if pass.ImportObjectFact(callee, &fact) {
						pass.Reportf(call.Pos(), "%s.%s sleeps, via %s", callee.Pkg().Name(), callee.Name(), fact.Via)
					}
				}
			}
			return true
		})
	}
	return nil, nil
}

// Guessing reports every channel made with a buffer; with its audit flag
// on, also every unbuffered channel, a rule that guesses. It stands for a
// check with rules behind -audit.
var Guessing = &analysis.Analyzer{
	Name: "guessing",
	Doc:  "report buffered channels, and with -guessing.audit unbuffered ones",
	URL:  "https://pkg.go.dev/github.com/leash-go/leash/lint/internal/driver/drivertest",
	Run:  runGuessing,
}

var audit = new(bool)

func init() {
	Guessing.Flags.BoolVar(audit, "audit", false, "also report unbuffered channels, which may block (a guess)")
}

func runGuessing(pass *analysis.Pass) (any, error) {
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "make" {
				return true
			}
			if _, ok := pass.TypesInfo.TypeOf(call).Underlying().(*types.Chan); !ok {
				return true
			}
			switch {
			case len(call.Args) > 1:
				pass.Reportf(call.Pos(), "buffered channel")
			case *audit:
				pass.Reportf(call.Pos(), "unbuffered channel may block")
			}
			return true
		})
	}
	return nil, nil
}

// Census reports each package-level variable with the number of files of
// the package it was found in. A package's own files are checked twice,
// in the package and in its test variant, which has the _test.go files
// too: Census words the finding differently in each, as a check whose
// message depends on what it sees of the tests may.
var Census = &analysis.Analyzer{
	Name: "census",
	Doc:  "report package-level variables, with the number of files of the package",
	URL:  "https://pkg.go.dev/github.com/leash-go/leash/lint/internal/driver/drivertest",
	Run:  runCensus,
}

func runCensus(pass *analysis.Pass) (any, error) {
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			if d, ok := decl.(*ast.GenDecl); ok && d.Tok == token.VAR {
				pass.Reportf(d.Pos(), "a package-level variable (files checked: %d)", len(pass.Files))
			}
		}
	}
	return nil, nil
}

// ResetFlags puts the analyzers' flags back to their defaults.
func ResetFlags() {
	for _, a := range []*analysis.Analyzer{Sleepy, Guessing} {
		a.Flags.VisitAll(func(f *flag.Flag) { f.Value.Set(f.DefValue) })
	}
}
