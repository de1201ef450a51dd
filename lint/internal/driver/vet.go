package driver

import (
	"flag"
	"strings"
	"sync"

	"github.com/leash-go/leash/lint/internal/audit"
	"github.com/leash-go/leash/lint/internal/ignore"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// vetMain runs the analyzers as go vet -vettool runs a tool: once per
// package, through unitchecker, which passes facts between packages in
// files. It adds -audit and names each finding's check.
func vetMain(analyzers []*analysis.Analyzer) {
	var once sync.Once
	for _, a := range analyzers {
		nameFindings(a, analyzers, &once)
	}
	flag.Var(&audit.Flag{Analyzers: analyzers}, "audit", audit.Usage)
	unitchecker.Main(analyzers...) // does not return
}

// invokedByGoVet recognises the go vet -vettool protocol: go vet asks for
// the tool's version (-V=full) and flags (-flags), then runs it once per
// package with a .cfg file describing the package.
func invokedByGoVet(args []string) bool {
	for _, arg := range args {
		if arg == "-V=full" || arg == "-V" || arg == "-flags" {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// nameFindings makes a's findings end in its name, " (name)", as the leash
// command prints them. go vet prints the text itself, from the JSON it has
// every vet tool write (since Go 1.26), without the check's name; so the
// name is in the message, in go vet -json's output as well. Before the
// first pass runs, and the command line has been parsed, it tells package
// ignore which checks run. It changes a for good: only the go vet mode,
// which runs once per process, uses it.
func nameFindings(a *analysis.Analyzer, analyzers []*analysis.Analyzer, once *sync.Once) {
	run := a.Run
	a.Run = func(pass *analysis.Pass) (any, error) {
		once.Do(func() { ignore.Running(vetSelection(analyzers)) })
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			d.Message += " (" + a.Name + ")"
			report(d)
		}
		return run(pass)
	}
}

// vetSelection returns the names of the checks go vet runs, by the rule
// of its -NAME flags, which unitchecker has parsed: if any is true only
// those, else all but those set false.
func vetSelection(analyzers []*analysis.Analyzer) []string {
	state := func(a *analysis.Analyzer) (on, off bool) {
		f := flag.Lookup(a.Name)
		if f == nil {
			return false, false
		}
		g, ok := f.Value.(flag.Getter)
		return ok && g.Get() == true, f.Value.String() == "false"
	}
	anyOn := false
	for _, a := range analyzers {
		if on, _ := state(a); on {
			anyOn = true
		}
	}
	var names []string
	for _, a := range analyzers {
		if on, off := state(a); anyOn && on || !anyOn && !off {
			names = append(names, a.Name)
		}
	}
	return names
}
