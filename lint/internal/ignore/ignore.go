// Package ignore implements leash's suppression comment,
//
//	//leash:ignore <check>[,<check>...] <reason>
//
// which silences the named checks' findings on its own line or on the line
// below it. The reason is required: a directive without one silences
// nothing and is itself reported, and so is a directive that silences
// nothing, so that stale directives do not pile up.
//
// Suppression is applied by wrapping each check's Run function (see Wrap),
// so it behaves the same wherever the check runs: the leash command,
// go vet -vettool, the golangci-lint plugin and analysistest. Findings in
// generated files (see ast.IsGenerated) are dropped the same way: nobody can
// fix them where they are reported.
package ignore

import (
	"fmt"
	"go/ast"
	"go/token"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Prefix starts a suppression comment.
const Prefix = "//leash:ignore"

// Wrap returns a Run function that runs run with the pass's findings
// filtered by the //leash:ignore directives naming pass.Analyzer.Name.
//
// It also turns a panic in run into an error naming the check and the
// package, so that one check failing on unexpected code does not stop a
// whole run over a large repository.
func Wrap(run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (res any, err error) {
	return func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				res, err = nil, fmt.Errorf("internal error in check %s on package %s (please report it): %v\n%s", pass.Analyzer.Name, pass.Pkg.Path(), r, debug.Stack())
			}
		}()
		f := newFilter(pass)
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			if f.keep(d) {
				report(d)
			}
		}
		defer func() { pass.Report = report }()
		res, err = run(pass)
		if err == nil {
			f.reportDirectives(report)
		}
		return res, err
	}
}

// A directive is one //leash:ignore comment that names the check.
type directive struct {
	pos       token.Pos
	line      int
	hasReason bool
	used      bool
}

type filter struct {
	check      string
	fset       *token.FileSet
	generated  map[*token.File]bool
	directives map[*token.File][]*directive
	all        []*directive // in source order
}

func newFilter(pass *analysis.Pass) *filter {
	f := &filter{
		check:      pass.Analyzer.Name,
		fset:       pass.Fset,
		generated:  make(map[*token.File]bool),
		directives: make(map[*token.File][]*directive),
	}
	for _, file := range pass.Files {
		tf := pass.Fset.File(file.Pos())
		if tf == nil {
			continue
		}
		if ast.IsGenerated(file) {
			f.generated[tf] = true
			continue
		}
		for _, group := range file.Comments {
			for _, c := range group.List {
				names, hasReason, ok := Parse(c.Text)
				if !ok || !contains(names, f.check) {
					continue
				}
				dir := &directive{
					pos:       c.Pos(),
					line:      tf.Line(c.Pos()),
					hasReason: hasReason,
				}
				f.directives[tf] = append(f.directives[tf], dir)
				f.all = append(f.all, dir)
			}
		}
	}
	return f
}

// Parse splits a comment's text into the check names a //leash:ignore
// directive names and whether it gives a reason. ok is false if text is
// not a directive.
func Parse(text string) (checks []string, hasReason, ok bool) {
	rest, found := strings.CutPrefix(text, Prefix)
	if !found || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return nil, false, false
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return nil, false, true
	}
	for name := range strings.SplitSeq(fields[0], ",") {
		if name != "" {
			checks = append(checks, name)
		}
	}
	return checks, len(fields) > 1, true
}

func contains(names []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// keep reports whether d survives the directives and is not in a generated
// file. A directive with a reason silences the findings on its line and the
// line below.
func (f *filter) keep(d analysis.Diagnostic) bool {
	tf := f.fset.File(d.Pos)
	if tf == nil {
		return true
	}
	if f.generated[tf] {
		return false
	}
	line := tf.Line(d.Pos)
	kept := true
	for _, dir := range f.directives[tf] {
		if dir.hasReason && (line == dir.line || line == dir.line+1) {
			dir.used = true
			kept = false
		}
	}
	return kept
}

// reportDirectives reports the directives that lack a reason and those that
// silenced nothing.
func (f *filter) reportDirectives(report func(analysis.Diagnostic)) {
	for _, dir := range f.all {
		switch {
		case !dir.hasReason:
			report(analysis.Diagnostic{
				Pos:     dir.pos,
				Message: "suppression needs a reason: write " + Prefix + " " + f.check + " <why this is safe>",
			})
		case !dir.used:
			report(analysis.Diagnostic{
				Pos:     dir.pos,
				Message: Prefix + " " + f.check + " silences nothing on this line or the next: remove it",
			})
		}
	}
}
