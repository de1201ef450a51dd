package driver

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// packageResult is what checking one package produced.
type packageResult struct {
	findings []finding
	failures []failure
	broken   *brokenPackage
	endings  []*resolvedEndings // what the package tells the whole program
}

// brokenPackage is a package that did not load.
type brokenPackage struct {
	id, errors string
}

func buildFlags(cfg *config) []string {
	if cfg.tags == "" {
		return nil
	}
	return []string{"-tags=" + cfg.tags}
}

// loader type-checks packages from source against their dependencies'
// export data.
//
// Decoded export data is shared by the packages checked one after another,
// so a dependency is usually decoded once; but the types it decodes to keep
// the whole export data alive, which for a large repository is far more than
// the syntax of the few packages being checked. So the shared types belong
// to a generation, and once a generation has decoded exportBudget bytes the
// next package starts a new one and the old one is dropped when the
// packages using it are done. Packages are checked in import path order
// (as far as facts allow, see analyzeAll), so that neighbours, which tend to
// share dependencies, share a generation.
type loader struct {
	mu      sync.Mutex
	current *generation
}

// exportBudget is how much export data one generation decodes before the
// next package starts a new one.
const exportBudget = 16 << 20

// A generation is a set of decoded dependencies whose types refer to each
// other. A package is type-checked entirely within one generation.
type generation struct {
	fset *token.FileSet // positions of the packages checked and the export data decoded

	mu      sync.Mutex // serialises decoding, which updates shared packages
	deps    map[*packages.Package]*types.Package
	decoded int64 // bytes of export data decoded
}

// generation returns the generation for the next package.
func (l *loader) generation() *generation {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.current == nil || l.current.size() > exportBudget {
		l.current = &generation{fset: token.NewFileSet(), deps: make(map[*packages.Package]*types.Package)}
	}
	return l.current
}

// typeCheck fills in p's syntax and types.
func (l *loader) typeCheck(p *packages.Package, gen *generation) error {
	fset := gen.fset
	var errs []string
	for _, e := range p.Errors {
		// packages.Error writes "-: " for an error with no position, such
		// as a directory that does not exist.
		msg := e.Msg
		if e.Pos != "" {
			msg = e.Pos + ": " + msg
		}
		errs = append(errs, msg)
	}
	if len(errs) > 0 {
		return errors.New(formatErrors(errs))
	}
	files := make([]*ast.File, 0, len(p.CompiledGoFiles))
	for _, name := range p.CompiledGoFiles {
		src, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		files = append(files, f)
	}
	if len(errs) > 0 {
		return errors.New(formatErrors(errs))
	}
	info := &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) { return gen.importDep(p, path) }),
		Sizes:    p.TypesSizes,
		Error:    func(err error) { errs = append(errs, err.Error()) },
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		tc.GoVersion = "go" + p.Module.GoVersion
	}
	tpkg, _ := tc.Check(p.PkgPath, fset, files, info)
	if len(errs) > 0 {
		return errors.New(formatErrors(errs))
	}
	p.Fset, p.Syntax, p.Types, p.TypesInfo = fset, files, tpkg, info
	return nil
}

// whyNoExport says why the go command built no export data for p: the
// first error of p or of the first package it depends on that has one (a
// package missing from the module, say), so that a package that does not
// load names the cause rather than only the dependency that did not build.
func whyNoExport(p *packages.Package) string {
	seen := make(map[*packages.Package]bool)
	var find func(p *packages.Package) string
	find = func(p *packages.Package) string {
		if p == nil || seen[p] {
			return ""
		}
		seen[p] = true
		if len(p.Errors) > 0 {
			return p.Errors[0].Msg
		}
		for _, path := range slices.Sorted(maps.Keys(p.Imports)) {
			if why := find(p.Imports[path]); why != "" {
				return why
			}
		}
		return ""
	}
	if why := find(p); why != "" {
		return ": " + why
	}
	return ""
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func (g *generation) size() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.decoded
}

// importDep returns the types of the package p imports as path, decoded
// from its export data. As in go/packages, every package of the import
// graph gets one types.Package, keyed by package (not by path, which test
// variants share), and gcexportdata sees a path-keyed view of the
// transitive dependencies of the package being decoded.
func (g *generation) importDep(p *packages.Package, path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	dep := p.Imports[path]
	if dep == nil {
		return nil, fmt.Errorf("%s does not import %q", p.ID, path)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if t := g.deps[dep]; t != nil && t.Complete() {
		return t, nil
	}
	if dep.ExportFile == "" {
		return nil, fmt.Errorf("no export data for %s%s", dep.ID, whyNoExport(dep))
	}
	view := make(map[string]*types.Package)
	seen := make(map[*packages.Package]bool)
	var visit func(imports map[string]*packages.Package)
	visit = func(imports map[string]*packages.Package) {
		for _, d := range imports {
			if !seen[d] {
				seen[d] = true
				view[d.PkgPath] = g.types(d)
				visit(d.Imports)
			}
		}
	}
	visit(dep.Imports)
	view[dep.PkgPath] = g.types(dep)
	// The export file is the package's archive, object code and all, which
	// for large generated packages is far bigger than its export data:
	// read only the export data.
	f, err := os.Open(dep.ExportFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %v", dep.ExportFile, err)
	}
	counted := &countingReader{r: r}
	t, err := gcexportdata.Read(counted, g.fset, view, dep.PkgPath)
	g.decoded += counted.n
	if err != nil {
		return nil, fmt.Errorf("reading %s: %v", dep.ExportFile, err)
	}
	return t, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// types returns the (possibly still empty) types.Package of dep.
func (g *generation) types(dep *packages.Package) *types.Package {
	t := g.deps[dep]
	if t == nil {
		if dep.PkgPath == "unsafe" {
			t = types.Unsafe
		} else {
			t = types.NewPackage(dep.PkgPath, dep.Name)
		}
		g.deps[dep] = t
	}
	return t
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

// formatErrors formats a package's errors, at most a few, one a line.
func formatErrors(errs []string) string {
	const max = 5
	var b strings.Builder
	for i, e := range errs {
		if i == max {
			fmt.Fprintf(&b, "\t... and %d more\n", len(errs)-max)
			break
		}
		// The go command's errors may run over several lines (a
		// compiler's "# pkg" and its messages): each is indented alike.
		fmt.Fprintf(&b, "\t%s\n", strings.ReplaceAll(strings.TrimRight(e, "\n"), "\n", "\n\t"))
	}
	return b.String()
}
