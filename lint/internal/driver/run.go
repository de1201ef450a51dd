package driver

import (
	"cmp"
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
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

	var findings []finding
	var failures []failure
	code := ExitClean
	err := loadAndAnalyze(cfg, opts.Dir, progress, func(r packageResult) {
		if b := r.broken; b != nil {
			progress.clear()
			fmt.Fprintf(opts.Stderr, "leash: %s does not load, so it was not checked:\n%s", b.id, b.errors)
			code = ExitError
		}
		findings = append(findings, r.findings...)
		failures = append(failures, r.failures...)
	})
	progress.done()
	if err != nil {
		fmt.Fprintf(opts.Stderr, "leash: %v\n", err)
		return ExitError
	}
	findings = dedupe(findings)
	for _, f := range failures {
		fmt.Fprintf(opts.Stderr, "leash: check %s failed on %s: %s\n", f.check, f.pkgID, f.err)
		code = ExitError
	}

	if cfg.sarif != "" {
		if err := writeSARIF(cfg.sarif, cfg.analyzers, findings, opts.Dir); err != nil {
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
	if code == ExitClean && len(remaining) > 0 {
		code = ExitFindings
	}
	return code
}

// resolve turns a diagnostic into a finding.
func resolve(fset *token.FileSet, pkgID, check string, d analysis.Diagnostic) finding {
	f := finding{
		pkgID:   pkgID,
		check:   check,
		posn:    fset.Position(d.Pos),
		end:     fset.Position(cmp.Or(d.End, d.Pos)),
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
		f.related = append(f.related, related{fset.Position(r.Pos), fset.Position(cmp.Or(r.End, r.Pos)), r.Message})
	}
	return f
}

// dedupe sorts findings and drops the repeats that a file shared by two
// packages produces.
func dedupe(findings []finding) []finding {
	slices.SortStableFunc(findings, func(a, b finding) int {
		return cmp.Or(
			cmp.Compare(a.posn.Filename, b.posn.Filename),
			cmp.Compare(a.posn.Line, b.posn.Line),
			cmp.Compare(a.posn.Column, b.posn.Column),
			cmp.Compare(a.check, b.check),
			cmp.Compare(a.message, b.message),
		)
	})
	return slices.CompactFunc(findings, func(a, b finding) bool {
		return a.posn == b.posn && a.check == b.check && a.message == b.message
	})
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
