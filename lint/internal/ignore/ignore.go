// Package ignore implements leash's suppression comment,
//
//	//leash:ignore <check>[,<check>...] <reason>
//
// which silences the named checks' findings on its own line or on the line
// below it. The reason is required: a directive without one silences
// nothing and is itself reported, and so is a directive that silences
// nothing, so that stale directives do not pile up — except for a check
// that has audit rules (an "audit" flag) running without them: its
// directive may be there for an audit rule's finding, which a run with
// -audit would report, so a default run does not call it stale.
//
// A directive that could silently do nothing is reported too: one that
// names no check that exists (a misspelling, with the check probably
// meant), one that names all (not accepted: each silenced check is named,
// so that a new check's findings are not silenced unseen), and one written
// // leash:ignore, with a space, which Go's directive convention does not
// read as a directive. Each such problem is reported once, by one of the
// checks that run (see Running): for a name that is no check, the check
// whose name is nearest; otherwise the first check the directive names, or
// else the first check.
//
// Suppression is applied by wrapping each check's Run function (see Wrap),
// so it behaves the same wherever the check runs: the leash command,
// go vet -vettool, the golangci-lint plugin and analysistest. Findings in
// generated files (see ast.IsGenerated) are dropped the same way: nobody can
// fix them where they are reported. So are, for a check with audit rules
// running without them, findings in test code (see audit.TestCode) and in
// packages under a directory of tests or benchmarks (see
// audit.NotShipped), or whose related positions are there, and findings
// in a function literal assigned to _, which nothing can call: they are an
// audit rule's.
package ignore

import (
	"fmt"
	"go/ast"
	"go/token"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/leash-go/leash/lint/internal/audit"
	"github.com/leash-go/leash/lint/internal/spell"
	"golang.org/x/tools/go/analysis"
)

// Prefix starts a suppression comment.
const Prefix = "//leash:ignore"

// checks are the names a directive can give: leash's checks, in the order
// of checks.All (a test holds the two to each other). The first reports
// the problems that concern no check in particular.
var checks = []string{
	"ctxgoroutine",
	"unboundedgo",
	"blockingsend",
	"groupctx",
	"swallowederr",
	"wgadd",
	"loopcapture",
	"bigbuffer",
	"lockorder",
}

// running holds the names of the checks that run in this process, when a
// driver has said (see Running).
var running atomic.Pointer[[]string]

// Running tells the package which of the checks run, so that a directive's
// problem is reported by one that does. Drivers call it once they have
// chosen the checks, before they run; until then, every check is taken to
// run.
func Running(names []string) {
	names = slices.Clone(names)
	running.Store(&names)
}

// Wrap returns a Run function that runs run with the pass's findings
// filtered by the //leash:ignore directives naming pass.Analyzer.Name, and
// that reports the directives that do nothing, as set out in the package
// documentation.
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

// auditOff reports whether a has audit rules (a boolean flag named audit)
// and runs without them.
func auditOff(a *analysis.Analyzer) bool {
	fl := a.Flags.Lookup("audit")
	return fl != nil && fl.Value.String() == "false"
}

// A directive is one //leash:ignore comment, as far as it concerns the
// check running.
type directive struct {
	pos, end token.Pos
	line     int
	silences bool     // it names the check, with a reason: it silences its findings
	used     bool     // it silenced one
	problems []string // what is wrong with it, for this check to report
	noReason bool     // it names the check without a reason
}

type filter struct {
	check      string
	auditOff   bool // the check has audit rules, and they are off
	fset       *token.FileSet
	generated  map[*token.File]bool
	testCode   map[*token.File]bool // reported only with the audit rules
	unreached  []ast.Node           // function literals nothing can call (see blankFuncs)
	directives map[*token.File][]*directive
	all        []*directive // in source order
}

func newFilter(pass *analysis.Pass) *filter {
	f := &filter{
		check:      pass.Analyzer.Name,
		auditOff:   auditOff(pass.Analyzer),
		fset:       pass.Fset,
		generated:  make(map[*token.File]bool),
		testCode:   make(map[*token.File]bool),
		directives: make(map[*token.File][]*directive),
	}
	notShipped := pass.Module != nil && audit.NotShipped(pass.Pkg.Path(), pass.Module.Path)
	for _, file := range pass.Files {
		tf := pass.Fset.File(file.Pos())
		if tf == nil {
			continue
		}
		if ast.IsGenerated(file) {
			f.generated[tf] = true
			continue
		}
		f.testCode[tf] = notShipped || audit.TestCode(pass.Fset, file)
		f.unreached = append(f.unreached, blankFuncs(file)...)
		for _, group := range file.Comments {
			for _, c := range group.List {
				d := f.directive(c)
				if d == nil {
					continue
				}
				d.line = tf.Line(c.Pos())
				f.directives[tf] = append(f.directives[tf], d)
				f.all = append(f.all, d)
			}
		}
	}
	return f
}

// directive returns what comment c means for the check running, or nil if
// it is no directive or does not concern the check.
func (f *filter) directive(c *ast.Comment) *directive {
	d := &directive{pos: c.Pos(), end: c.End()}
	names, hasReason, ok := Parse(c.Text)
	if !ok {
		spaced, isSpaced := spacedDirective(c.Text)
		if !isSpaced {
			return nil
		}
		names, _, _ = Parse(spaced)
		if f.owns(names) {
			d.problems = append(d.problems, "// leash:ignore is not read as a directive (Go directives have no space after //): write "+Prefix)
		}
		return d.orNil()
	}
	named := false
	for _, name := range names {
		switch {
		case name == f.check:
			named = true
		case name == "all":
			if f.owns(names) {
				d.problems = append(d.problems, Prefix+" does not take all: name each check it silences, so that no other check's findings are silenced unseen")
			}
		case !slices.Contains(f.candidates(), name):
			if nearest, _ := spell.Closest(name, f.running()); nearest == f.check {
				msg := fmt.Sprintf("%s names no check %q", Prefix, name)
				if meant := spell.Suggest(name, f.candidates()); meant != "" {
					msg += ": did you mean " + meant + "?"
				} else {
					msg += "; leash help lists the checks"
				}
				d.problems = append(d.problems, msg)
			}
		}
	}
	switch {
	case len(names) == 0 && f.owns(nil):
		d.problems = append(d.problems, Prefix+" names no check: write "+Prefix+" <check> <why this is safe>")
	case named && hasReason:
		d.silences = true
	case named:
		d.noReason = true
	}
	return d.orNil()
}

func (d *directive) orNil() *directive {
	if d.silences || d.noReason || len(d.problems) > 0 {
		return d
	}
	return nil
}

// spacedDirective reports whether text is a directive written with space
// after the slashes, // leash:ignore, and returns it without.
func spacedDirective(text string) (string, bool) {
	rest, ok := strings.CutPrefix(text, "//")
	if !ok {
		return "", false
	}
	trimmed := strings.TrimLeft(rest, " \t")
	if len(trimmed) == len(rest) {
		return "", false
	}
	fixed := "//" + trimmed
	_, _, ok = Parse(fixed)
	return fixed, ok
}

// candidates are the names a directive can give: leash's checks, and the
// check running when it is none of them (a check of another project, or
// of a test).
func (f *filter) candidates() []string {
	if slices.Contains(checks, f.check) {
		return checks
	}
	return append(slices.Clip(checks), f.check)
}

// running returns the candidates that run in this process as checks whose
// findings are reported: when a driver has said which (see Running), those
// only, so that an analyzer another check requires, whose findings no
// driver reports, never reports a directive's problem.
func (f *filter) running() []string {
	names := running.Load()
	if names == nil {
		return f.candidates()
	}
	var out []string
	for _, c := range f.candidates() {
		if slices.Contains(*names, c) {
			out = append(out, c)
		}
	}
	return out
}

// owns reports whether the check running reports a problem of a directive
// naming names, other than a name that is no check: it does if it is the
// first running check the directive names or, when it names none, the
// first check that runs.
func (f *filter) owns(names []string) bool {
	run := f.running()
	for _, n := range names {
		if slices.Contains(run, n) {
			return n == f.check
		}
	}
	return len(run) > 0 && run[0] == f.check
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

// keep reports whether d survives the directives, is not in a generated
// file, and is not in test code, nor names a position there, unless the
// audit rules run. A directive with a reason silences the findings on its
// line and the line below.
func (f *filter) keep(d analysis.Diagnostic) bool {
	tf := f.fset.File(d.Pos)
	if tf == nil {
		return true
	}
	if f.generated[tf] || f.auditOff && f.testCode[tf] {
		return false
	}
	if f.auditOff && slices.ContainsFunc(f.unreached, func(n ast.Node) bool { return n.Pos() <= d.Pos && d.Pos < n.End() }) {
		return false
	}
	if f.auditOff {
		// A finding whose path runs through test code (a channel a test
		// makes and hands to the function, a caller in a test) is test
		// code's too.
		for _, r := range d.Related {
			if rtf := f.fset.File(r.Pos); rtf != nil && f.testCode[rtf] {
				return false
			}
		}
	}
	line := tf.Line(d.Pos)
	kept := true
	for _, dir := range f.directives[tf] {
		if dir.silences && (line == dir.line || line == dir.line+1) {
			dir.used = true
			kept = false
		}
	}
	return kept
}

// reportDirectives reports the directives that lack a reason, those that
// silenced nothing, and those with problems this check reports.
func (f *filter) reportDirectives(report func(analysis.Diagnostic)) {
	for _, dir := range f.all {
		problem := func(msg string) {
			report(analysis.Diagnostic{Pos: dir.pos, End: dir.end, Message: msg})
		}
		for _, p := range dir.problems {
			problem(p)
		}
		switch {
		case dir.noReason:
			problem("suppression needs a reason: write " + Prefix + " " + f.check + " <why this is safe>")
		case dir.silences && !dir.used && !f.auditOff:
			problem(Prefix + " " + f.check + " silences nothing on this line or the next: remove it")
		}
	}
}

// blankFuncs returns the function literals of file assigned to the blank
// identifier, _ = func() { ... } or var _ = func() { ... }: nothing can
// call them, so their code never runs. Such a literal keeps an example or
// a snippet of documentation compiling; what it would do wrong if it ran
// is not a bug of the program, and a default run leaves it to the audit
// rules.
func blankFuncs(file *ast.File) []ast.Node {
	var out []ast.Node
	blank := func(lhs []*ast.Ident, rhs []ast.Expr) {
		for i, id := range lhs {
			if id != nil && id.Name == "_" && i < len(rhs) {
				if lit, ok := ast.Unparen(rhs[i]).(*ast.FuncLit); ok {
					out = append(out, lit)
				}
			}
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				ids := make([]*ast.Ident, len(n.Lhs))
				for i, l := range n.Lhs {
					ids[i], _ = l.(*ast.Ident)
				}
				blank(ids, n.Rhs)
			}
		case *ast.ValueSpec:
			blank(n.Names, n.Values)
		}
		return true
	})
	return out
}
