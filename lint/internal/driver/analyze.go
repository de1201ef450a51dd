package driver

import (
	"fmt"
	"os"
	"reflect"
	"runtime/debug"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A plan says which analyzers run on which packages. The packages named on
// the command line get the selected analyzers and whatever they require;
// their dependencies get only the analyzers that export facts, and what
// those require, as go vet's "vetx only" runs do, since a dependency is
// analysed only so that its importers can use its facts.
type plan struct {
	reported  []*analysis.Analyzer // the selected analyzers: their findings are reported
	forRoots  []*analysis.Analyzer // every analyzer a root package needs, prerequisites first
	forDeps   []*analysis.Analyzer // every analyzer a dependency needs, prerequisites first; nil if none uses facts
	usesFacts bool
}

func newPlan(selected []*analysis.Analyzer) *plan {
	p := &plan{reported: selected, forRoots: prerequisitesFirst(selected)}
	var producers []*analysis.Analyzer
	for _, a := range p.forRoots {
		if len(a.FactTypes) > 0 {
			producers = append(producers, a)
		}
	}
	if len(producers) > 0 {
		p.usesFacts = true
		p.forDeps = prerequisitesFirst(producers)
		registerFactTypes(p.forRoots)
	}
	return p
}

// prerequisitesFirst returns the analyzers and everything they require,
// each once, every analyzer after those it requires.
func prerequisitesFirst(analyzers []*analysis.Analyzer) []*analysis.Analyzer {
	var order []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			visit(req)
		}
		order = append(order, a)
	}
	for _, a := range analyzers {
		visit(a)
	}
	return order
}

// runAnalyzers runs analyzers (prerequisites first) over the type-checked
// package p, one at a time, with facts, and returns the findings of those
// in report and the failures of any. A pass that panics fails with the
// panic and its stack, so that a bug in one check on unusual code does
// not end the run.
func runAnalyzers(p *packages.Package, analyzers []*analysis.Analyzer, report []*analysis.Analyzer, facts *packageFacts) packageResult {
	var r packageResult
	results := make(map[*analysis.Analyzer]any)
	failed := make(map[*analysis.Analyzer]bool)
	module := analysisModule(p.Module)
	for _, a := range analyzers {
		if slices.ContainsFunc(a.Requires, func(req *analysis.Analyzer) bool { return failed[req] }) {
			failed[a] = true // the prerequisite's failure is reported
			continue
		}
		inputs := make(map[*analysis.Analyzer]any, len(a.Requires))
		for _, req := range a.Requires {
			inputs[req] = results[req]
		}
		var diagnostics []analysis.Diagnostic
		pass := &analysis.Pass{
			Analyzer:     a,
			Fset:         p.Fset,
			Files:        p.Syntax,
			OtherFiles:   p.OtherFiles,
			IgnoredFiles: p.IgnoredFiles,
			Pkg:          p.Types,
			TypesInfo:    p.TypesInfo,
			TypesSizes:   p.TypesSizes,
			Module:       module,
			ResultOf:     inputs,
			Report:       func(d analysis.Diagnostic) { diagnostics = append(diagnostics, d) },
		}
		pass.ReadFile = readFileOf(pass)
		var factErr error
		facts.bind(pass, &factErr)
		result, err := runPass(pass)
		unbind(pass)
		if err == nil && factErr != nil {
			err = factErr
		}
		if err == nil && reflect.TypeOf(result) != a.ResultType {
			err = fmt.Errorf("internal error: result of type %T, but the analyzer declares %v", result, a.ResultType)
		}
		if err != nil {
			failed[a] = true
			r.failures = append(r.failures, failure{p.ID, a.Name, err.Error()})
			continue
		}
		results[a] = result
		if slices.Contains(report, a) {
			for _, d := range diagnostics {
				r.findings = append(r.findings, resolve(p, a.Name, d))
			}
			if e := endingsOf(p, result); e != nil {
				r.endings = append(r.endings, e)
			}
		}
	}
	return r
}

// runPass runs the pass, turning a panic into an error.
func runPass(pass *analysis.Pass) (result any, err error) {
	defer func() {
		if x := recover(); x != nil {
			result, err = nil, fmt.Errorf("internal error in check %s on package %s (please report it): %v\n%s", pass.Analyzer.Name, pass.Pkg.Path(), x, debug.Stack())
		}
	}()
	return pass.Analyzer.Run(pass)
}

// readFileOf returns a pass's ReadFile: the files of the package only, as
// the analysis API requires.
func readFileOf(pass *analysis.Pass) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		readable := slices.Contains(pass.OtherFiles, name) || slices.Contains(pass.IgnoredFiles, name)
		for _, f := range pass.Files {
			if tf := pass.Fset.File(f.FileStart); tf != nil && tf.Name() == name {
				readable = true
			}
		}
		if !readable {
			return nil, fmt.Errorf("Pass.ReadFile: %s is not a file of package %s", name, pass.Pkg.Path())
		}
		return os.ReadFile(name)
	}
}

// analysisModule describes the package's module for the analyzers.
func analysisModule(m *packages.Module) *analysis.Module {
	if m == nil {
		return &analysis.Module{} // the standard library: no module
	}
	am := &analysis.Module{
		Path:      m.Path,
		Version:   m.Version,
		Main:      m.Main,
		Indirect:  m.Indirect,
		Dir:       m.Dir,
		GoMod:     m.GoMod,
		GoVersion: m.GoVersion,
		Time:      m.Time,
	}
	if m.Replace != nil {
		am.Replace = analysisModule(m.Replace)
	}
	if m.Error != nil {
		am.Error = &analysis.ModuleError{Err: m.Error.Err}
	}
	return am
}
