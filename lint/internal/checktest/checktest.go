// Package checktest runs leash's analyzer tests against a GOPATH that holds
// both the test's own testdata/src and small stubs of the libraries the
// checks recognise (errgroup, semaphore, leash, conc), so that no check
// keeps its own copy of them.
package checktest

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

//go:embed testdata/src
var stubs embed.FS

// Dir returns a fresh GOPATH holding the stubs and a copy of the current
// directory's testdata/src. A package there may shadow a stub.
func Dir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	sub, err := fs.Sub(stubs, "testdata")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dir, sub); err != nil {
		t.Fatalf("copying stubs: %v", err)
	}
	own, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if err := copyDir(dir, own); err != nil {
		t.Fatalf("copying %s: %v", own, err)
	}
	return dir
}

// copyDir copies the tree at src into dst, overwriting files of the same name.
func copyDir(dst, src string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// Run is analysistest.Run over Dir(t).
func Run(t *testing.T, a *analysis.Analyzer, pkgs ...string) []*analysistest.Result {
	t.Helper()
	return analysistest.Run(t, Dir(t), a, pkgs...)
}

// RunWithSuggestedFixes is analysistest.RunWithSuggestedFixes over Dir(t):
// each file's fixes must produce its .golden twin.
func RunWithSuggestedFixes(t *testing.T, a *analysis.Analyzer, pkgs ...string) []*analysistest.Result {
	t.Helper()
	return analysistest.RunWithSuggestedFixes(t, Dir(t), a, pkgs...)
}

// Silent runs a, without its audit rules, on pkgs, whose `// want` comments
// say what the audit rules report there, and fails at each diagnostic: the
// default rules leave these look-alikes alone, and one copy of them serves
// both tests.
func Silent(t *testing.T, a *analysis.Analyzer, pkgs ...string) {
	t.Helper()
	results := analysistest.Run(discard{}, Dir(t), a, pkgs...)
	if len(results) == 0 {
		t.Fatalf("%s: nothing analysed in %v", a.Name, pkgs)
	}
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Pass.Pkg.Path(), r.Err)
			continue
		}
		for _, d := range r.Diagnostics {
			t.Errorf("%s: reported without audit: %s", r.Pass.Fset.Position(d.Pos), d.Message)
		}
	}
}

// discard drops what analysistest says about the `// want` comments that
// the run, without the audit rules, does not meet.
type discard struct{}

func (discard) Errorf(string, ...any) {}

// Audit turns a's audit rules on until t ends.
func Audit(t testing.TB, a *analysis.Analyzer) {
	t.Helper()
	if err := a.Flags.Set("audit", "true"); err != nil {
		t.Fatalf("%s has no audit flag: %v", a.Name, err)
	}
	t.Cleanup(func() { a.Flags.Set("audit", "false") })
}
