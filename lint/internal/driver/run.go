package driver

import (
	"cmp"
	"context"
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A finding is one diagnostic with its positions resolved, so that it
// outlives the package it was found in.
type finding struct {
	pkgID   string // the package's go/packages ID
	check   string
	posn    token.Position
	end     token.Position
	message string
	fixes   []fix
	related []related
}

type fix struct {
	message string
	edits   []fileEdit
}

// A fileEdit replaces bytes [start, end) of filename with text.
type fileEdit struct {
	filename   string
	start, end int
	text       string
}

type related struct {
	posn, end token.Position
	message   string
}

// failure is a check that could not run on a package.
type failure struct {
	pkgID, check, err string
}

func run(cfg *config, opts Options) int {
	progress := newProgress(opts.Stderr, opts.Terminal)
	defer progress.done()
	ctx := cmp.Or(opts.Context, context.Background())

	var findings []finding
	var failures []failure
	var problems []string // what kept the run from checking everything, for SARIF
	var program wholeProgram
	broken := false
	err := loadAndAnalyze(ctx, cfg, opts, progress, func(r packageResult) {
		if b := r.broken; b != nil {
			progress.clear()
			msg := fmt.Sprintf("%s does not load, so it was not checked:\n%s", b.id, b.errors)
			fmt.Fprintf(opts.Stderr, "leash: %s", msg)
			problems = append(problems, msg)
			broken = true
		}
		findings = append(findings, r.findings...)
		failures = append(failures, r.failures...)
		for _, e := range r.endings {
			program.add(e)
		}
	})
	progress.done()
	if ctx.Err() != nil {
		fmt.Fprintln(opts.Stderr, "leash: stopped; so is the go command it started")
		return ExitError
	}
	if err != nil {
		fmt.Fprintf(opts.Stderr, "leash: %v\n", err)
		return ExitError
	}
	// The exported functions of an internal package are reached only from
	// the module: all of whose packages must then be in sight.
	program.wholeModule = !broken && loadsWholeModule(cfg.patterns, opts.Dir)
	findings = dedupe(program.drop(findings))
	code := ExitClean
	for _, f := range failures {
		msg := fmt.Sprintf("check %s failed on %s: %s", f.check, f.pkgID, f.err)
		fmt.Fprintf(opts.Stderr, "leash: %s\n", msg)
		problems = append(problems, msg)
		code = ExitError
	}

	if cfg.sarif != "" {
		if err := writeSARIF(cfg.sarif, cfg.analyzers, findings, problems, opts.Dir); err != nil {
			fmt.Fprintf(opts.Stderr, "leash: writing SARIF: %v\n", err)
			code = ExitError
		}
	}

	remaining := findings
	switch {
	case cfg.json:
		if err := printJSON(opts.Stdout, findings, failures); err != nil {
			fmt.Fprintf(opts.Stderr, "leash: %v\n", err)
			return ExitError
		}
	case cfg.fix:
		var err error
		remaining, err = applyFixes(findings, opts.Stderr)
		if err != nil {
			fmt.Fprintf(opts.Stderr, "leash: %v\n", err)
			code = ExitError
		}
		printText(opts.Stdout, remaining, opts.Dir)
	case cfg.diff:
		printText(opts.Stdout, findings, opts.Dir)
		if err := printDiff(opts.Stdout, findings, opts.Dir); err != nil {
			fmt.Fprintf(opts.Stderr, "leash: %v\n", err)
			code = ExitError
		}
	default:
		printText(opts.Stdout, findings, opts.Dir)
	}
	// As multichecker decides: findings make the status 3 even when some
	// package did not load (stderr names it), but not when a check failed,
	// which leaves the findings incomplete in a way nobody can see.
	switch {
	case code != ExitClean:
	case len(remaining) > 0:
		code = ExitFindings
	case broken:
		code = ExitError
	}
	return code
}

// loadAndAnalyze checks the packages matching the patterns and hands each
// package's result to report, from one goroutine.
//
// It works like go vet: the go command lists the packages and builds export
// data for their dependencies; then each package is parsed and type-checked
// from source against that export data, checked, and dropped. When the
// checks use facts, the dependencies in the scope of -facts are analysed the same
// way first, for their facts only, and a package is analysed once the
// packages it needs facts from are. Unlike go vet it runs in one process,
// so each dependency's export data is decoded once for many packages, and
// memory holds the dependencies' types and the facts plus the few packages
// being analysed, not the whole repository's syntax.
func loadAndAnalyze(ctx context.Context, cfg *config, opts Options, progress *progress, report func(packageResult)) error {
	if err := analysis.Validate(cfg.analyzers); err != nil {
		return err
	}
	progress.listingPhase()
	pkgs, err := listPackages(ctx, cfg, opts.Dir)
	if err != nil {
		return err
	}
	rootPkgs := roots(pkgs)
	sortByID(rootPkgs)
	pl := newPlan(cfg.analyzers)
	return analyzeAll(ctx, units(rootPkgs, pl.usesFacts, cfg.facts), pl, progress, report)
}

// resolve turns a diagnostic of package p into a finding, while p's
// syntax is at hand to say where it ends when the check did not.
func resolve(p *packages.Package, check string, d analysis.Diagnostic) finding {
	fset := p.Fset
	end := func(pos, end token.Pos) token.Position {
		if end <= pos {
			end = extent(fset, p.Syntax, pos)
		}
		return fset.Position(end)
	}
	f := finding{
		pkgID:   p.ID,
		check:   check,
		posn:    fset.Position(d.Pos),
		end:     end(d.Pos, d.End),
		message: d.Message,
	}
	for _, sf := range d.SuggestedFixes {
		fx := fix{message: sf.Message}
		for _, te := range sf.TextEdits {
			start := fset.PositionFor(te.Pos, false)
			end := fset.PositionFor(cmp.Or(te.End, te.Pos), false)
			fx.edits = append(fx.edits, fileEdit{start.Filename, start.Offset, end.Offset, string(te.NewText)})
		}
		f.fixes = append(f.fixes, fx)
	}
	for _, r := range d.Related {
		if !r.Pos.IsValid() {
			continue // nowhere to point at: the message alone says it
		}
		f.related = append(f.related, related{fset.Position(r.Pos), end(r.Pos, r.End), r.Message})
	}
	return f
}

// dedupe sorts findings and drops the repeats that a file shared by two
// packages produces. A package and its test variant both check the
// package's own files; a finding there is one finding, even when the test
// variant, which sees the tests too, words it otherwise, and is kept as
// the package without its tests reports it. A finding in a _test.go file
// is kept for each package that reports it differently.
func dedupe(findings []finding) []finding {
	slices.SortStableFunc(findings, func(a, b finding) int {
		return cmp.Or(
			cmp.Compare(a.posn.Filename, b.posn.Filename),
			cmp.Compare(a.posn.Line, b.posn.Line),
			cmp.Compare(a.posn.Column, b.posn.Column),
			cmp.Compare(a.check, b.check),
			compareBool(isTestVariant(a.pkgID), isTestVariant(b.pkgID)),
			cmp.Compare(a.message, b.message),
		)
	})
	return slices.CompactFunc(findings, func(a, b finding) bool {
		if a.posn != b.posn || a.check != b.check {
			return false
		}
		return a.message == b.message || !strings.HasSuffix(a.posn.Filename, "_test.go") && a.pkgID != b.pkgID
	})
}

// isTestVariant reports whether a go/packages ID names a package compiled
// for its tests: "p [p.test]", "p_test [p.test]", or the test main "p.test".
func isTestVariant(id string) bool {
	return strings.Contains(id, " [") || strings.HasSuffix(id, ".test")
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// relative returns filename relative to dir (or the current directory) when
// it lies beneath it, else filename unchanged.
func relative(filename, dir string) string {
	base := dir
	if base == "" {
		base = "."
	}
	abs, err := filepath.Abs(base)
	if err != nil {
		return filename
	}
	rel, err := filepath.Rel(abs, filename)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filename
	}
	return rel
}
