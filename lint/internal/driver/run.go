package driver

import (
	"cmp"
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// A finding is one diagnostic, located.
type finding struct {
	check string
	posn  token.Position
	end   token.Position
	diag  analysis.Diagnostic
	fset  *token.FileSet
}

func run(cfg *config, opts Options) int {
	progress := newProgress(opts.Stderr, opts.Terminal)
	defer progress.done()

	progress.phase("loading packages")
	pkgs, loadErr := load(cfg, opts.Dir)
	if loadErr != nil {
		fmt.Fprintf(opts.Stderr, "leash: %v\n", loadErr)
		return ExitError
	}
	good, broken := splitBroken(pkgs)
	code := ExitClean
	for _, pkg := range broken {
		fmt.Fprintf(opts.Stderr, "leash: %s does not load, so it was not checked:\n%s", pkg.PkgPath, loadErrors(pkg))
		code = ExitError
	}

	graph, err := analyze(cfg.analyzers, good, progress)
	if err != nil {
		fmt.Fprintf(opts.Stderr, "leash: %v\n", err)
		return ExitError
	}
	progress.done()
	findings, failures := collect(graph)
	for _, f := range failures {
		fmt.Fprintf(opts.Stderr, "leash: %s\n", f)
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
		if err := graph.PrintJSON(opts.Stdout); err != nil {
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

// load loads the packages matching the patterns with their syntax and types;
// dependencies come from export data unless a check needs facts about them.
func load(cfg *config, dir string) ([]*packages.Package, error) {
	mode := packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
		packages.NeedTypes | packages.NeedTypesSizes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule
	if needsFacts(cfg.analyzers) {
		mode |= packages.NeedDeps
	}
	lc := &packages.Config{Mode: mode, Dir: dir, Tests: cfg.tests}
	if cfg.tags != "" {
		lc.BuildFlags = []string{"-tags=" + cfg.tags}
	}
	pkgs, err := packages.Load(lc, cfg.patterns...)
	if err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no packages match %s", strings.Join(cfg.patterns, " "))
	}
	return roots(pkgs), nil
}

// roots drops generated test mains, and a package when its test variant
// (which has every file it has, and its tests) is also loaded.
func roots(pkgs []*packages.Package) []*packages.Package {
	hasTestVariant := make(map[string]bool)
	for _, p := range pkgs {
		if p.ForTest != "" && p.PkgPath == p.ForTest {
			hasTestVariant[p.PkgPath] = true
		}
	}
	var out []*packages.Package
	for _, p := range pkgs {
		switch {
		case strings.HasSuffix(p.ID, ".test") && p.Name == "main" && p.ForTest == "":
			// the generated test main
		case p.ForTest == "" && hasTestVariant[p.PkgPath]:
			// covered by its test variant
		default:
			out = append(out, p)
		}
	}
	return out
}

func needsFacts(analyzers []*analysis.Analyzer) bool {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer) bool
	visit = func(a *analysis.Analyzer) bool {
		if seen[a] {
			return false
		}
		seen[a] = true
		return len(a.FactTypes) > 0 || slices.ContainsFunc(a.Requires, visit)
	}
	return slices.ContainsFunc(analyzers, visit)
}

// splitBroken separates the packages that loaded from those with errors.
func splitBroken(pkgs []*packages.Package) (good, broken []*packages.Package) {
	for _, p := range pkgs {
		if len(p.Errors) > 0 || p.IllTyped || p.Types == nil {
			broken = append(broken, p)
		} else {
			good = append(good, p)
		}
	}
	return good, broken
}

// loadErrors formats a package's errors, at most a few.
func loadErrors(pkg *packages.Package) string {
	const max = 5
	var b strings.Builder
	for i, err := range pkg.Errors {
		if i == max {
			fmt.Fprintf(&b, "\t... and %d more\n", len(pkg.Errors)-max)
			break
		}
		fmt.Fprintf(&b, "\t%v\n", err)
	}
	if len(pkg.Errors) == 0 {
		b.WriteString("\tno type information\n")
	}
	return b.String()
}

// analyze runs the analyzers over the packages in batches, so that progress
// can be shown on long runs.
func analyze(analyzers []*analysis.Analyzer, pkgs []*packages.Package, progress *progress) (*checker.Graph, error) {
	graph := &checker.Graph{}
	if len(pkgs) == 0 || len(analyzers) == 0 {
		return graph, nil
	}
	const batch = 32
	for start := 0; start < len(pkgs); start += batch {
		progress.phase(fmt.Sprintf("checked %d of %d packages", start, len(pkgs)))
		end := min(start+batch, len(pkgs))
		g, err := checker.Analyze(analyzers, pkgs[start:end], nil)
		if err != nil {
			return nil, err
		}
		graph.Roots = append(graph.Roots, g.Roots...)
	}
	return graph, nil
}

// collect returns the root actions' findings, sorted and without the
// duplicates a file shared by two packages produces, and the actions'
// errors.
func collect(graph *checker.Graph) (findings []finding, failures []string) {
	type key struct {
		posn    token.Position
		check   string
		message string
	}
	seen := make(map[key]bool)
	failed := make(map[string]bool)
	for _, act := range graph.Roots {
		if act.Err != nil {
			msg := fmt.Sprintf("check %s failed on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
			if !failed[msg] {
				failed[msg] = true
				failures = append(failures, msg)
			}
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			posn := fset.Position(d.Pos)
			k := key{posn, act.Analyzer.Name, d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			end := posn
			if d.End.IsValid() {
				end = fset.Position(d.End)
			}
			findings = append(findings, finding{check: act.Analyzer.Name, posn: posn, end: end, diag: d, fset: fset})
		}
	}
	slices.SortFunc(findings, func(a, b finding) int {
		return cmp.Or(
			cmp.Compare(a.posn.Filename, b.posn.Filename),
			cmp.Compare(a.posn.Line, b.posn.Line),
			cmp.Compare(a.posn.Column, b.posn.Column),
			cmp.Compare(a.check, b.check),
			cmp.Compare(a.diag.Message, b.diag.Message),
		)
	})
	slices.Sort(failures)
	return findings, failures
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
