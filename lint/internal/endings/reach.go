package endings

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Reach returns what the package's files show of who reaches its
// declared functions (see Reached): every reference, outside the tests, to a declared
// function of the module, and the functions only code in sight can
// reach. inTest tells whether a position is in a test file.
//
// A reference counts whatever it is — a call, a go or defer statement, a
// function stored or passed — so that a function handed to code out of
// sight stays reached whenever the code handing it is.
func Reach(pass *analysis.Pass, inTest func(token.Pos) bool) Reached {
	pkg, info, module := pass.Pkg, pass.TypesInfo, ""
	if pass.Module != nil {
		module = pass.Module.Path
	}
	inModule := func(fn *types.Func) bool {
		p := fn.Pkg()
		if p == nil || fn.Signature().Recv() != nil {
			return false
		}
		return p == pkg || module != "" && (p.Path() == module || strings.HasPrefix(p.Path(), module+"/"))
	}
	s := Reached{Unbuilt: unbuiltNames(pass)}
	seen := make(map[Ref]bool)
	for _, f := range pass.Files {
		if inTest(f.Pos()) {
			continue
		}
		linked := linknamed(f)
		for _, decl := range f.Decls {
			from := ""
			if d, ok := decl.(*ast.FuncDecl); ok && d.Recv == nil {
				if fn, ok := info.Defs[d.Name].(*types.Func); ok {
					from = Key(fn)
					switch sealing(pkg, d, linked) {
					case sealed:
						s.Sealed = append(s.Sealed, from)
					case internal:
						s.Internal = append(s.Internal, from)
					}
				}
			}
			ast.Inspect(decl, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				if !ok {
					return true
				}
				if fn, ok := info.Uses[id].(*types.Func); ok && inModule(fn) {
					r := Ref{From: from, To: Key(fn)}
					if r.From != r.To && !seen[r] {
						seen[r] = true
						s.Refs = append(s.Refs, r)
					}
				}
				return true
			})
		}
	}
	return s
}

// Within names, for Pending.Within, the declared function a finding is
// in (see model.Program.Declared); "" for none, or a method, which code
// out of sight may call through an interface.
func Within(fn *types.Func) string {
	if fn == nil || fn.Signature().Recv() != nil {
		return ""
	}
	return Key(fn)
}

type seal int

const (
	open     seal = iota // code out of sight may reach it
	sealed               // only code in sight can reach it
	internal             // exported from an internal package
)

// sealing says who can reach the declared function d of pkg. A directive
// that hands the function to the linker (//export, //go:linkname) opens
// it: code out of sight calls it by its name.
func sealing(pkg *types.Package, d *ast.FuncDecl, linked []string) seal {
	name := d.Name.Name
	if name == "init" || name == "_" || pkg.Name() == "main" && name == "main" || slices.Contains(linked, name) {
		return open
	}
	if d.Doc != nil {
		for _, c := range d.Doc.List {
			if strings.HasPrefix(c.Text, "//export ") || strings.HasPrefix(c.Text, "//go:linkname ") {
				return open
			}
		}
	}
	switch {
	case !token.IsExported(name):
		return sealed
	case isInternal(pkg.Path()):
		return internal
	}
	return open
}

// unbuiltNames returns the names the package's files left out of this
// build, tests aside, refer to. They are read only for their words: they
// need not type-check, nor even parse in full.
func unbuiltNames(pass *analysis.Pass) []string {
	seen := make(map[string]bool)
	var names []string
	for _, name := range pass.IgnoredFiles {
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		read := pass.ReadFile
		if read == nil { // a driver older than ReadFile
			read = os.ReadFile
		}
		src, err := read(name)
		if err != nil {
			continue
		}
		f, _ := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
		if f == nil {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && !seen[id.Name] {
				seen[id.Name] = true
				names = append(names, id.Name)
			}
			return true
		})
	}
	return names
}

// linknamed returns the local names the file's //go:linkname directives
// give.
func linknamed(f *ast.File) []string {
	var names []string
	for _, g := range f.Comments {
		for _, c := range g.List {
			if rest, ok := strings.CutPrefix(c.Text, "//go:linkname "); ok {
				if fields := strings.Fields(rest); len(fields) > 0 {
					names = append(names, fields[0])
				}
			}
		}
	}
	return names
}

// isInternal reports whether an import path has an internal element, so
// that only code under its parent can import it.
func isInternal(path string) bool {
	return path == "internal" || strings.HasPrefix(path, "internal/") || strings.HasSuffix(path, "/internal") || strings.Contains(path, "/internal/")
}
