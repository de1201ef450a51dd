package blockingsend_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/leash-go/leash/lint/blockingsend"
	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/internal/driver"
	"golang.org/x/tools/go/analysis"
)

func TestBlockingSend(t *testing.T) {
	checktest.Run(t, blockingsend.Analyzer, "blockingsend", "exits", "exitsrun")
	// What the audit rules report, the default rules leave alone.
	checktest.Silent(t, blockingsend.Analyzer, "audit")
}

// TestShapes runs the check on the shapes of its findings on real code
// (the leaks it must report, the look-alikes it must leave alone).
func TestShapes(t *testing.T) {
	checktest.Run(t, blockingsend.Analyzer, "devshapes")
}

// TestFacts checks that what a helper of another package does with a
// channel reaches its callers.
func TestFacts(t *testing.T) {
	checktest.Run(t, blockingsend.Analyzer, "usehelp")
}

func TestBlockingSendFixes(t *testing.T) {
	checktest.RunWithSuggestedFixes(t, blockingsend.Analyzer, "fixes")
}

// TestAudit runs the rules that guess, which -blockingsend.audit turns on.
func TestAudit(t *testing.T) {
	setAudit(t)
	checktest.Run(t, blockingsend.Analyzer, "audit")
	checktest.RunWithSuggestedFixes(t, blockingsend.Analyzer, "auditfixes")
}

func setAudit(t *testing.T) {
	t.Helper()
	if err := blockingsend.Analyzer.Flags.Set("audit", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blockingsend.Analyzer.Flags.Set("audit", "false") })
}

// TestStoppedTestWithoutStdFacts runs the check on a look-alike as the
// leash command does by default, without analysing the standard library:
// that t.Fatalf never returns must then come from the model, not from
// ctrlflow's facts about package testing, which analysistest always has.
func TestStoppedTestWithoutStdFacts(t *testing.T) {
	const shape = "fp_helper_starts_and_receives.go"
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "src", "devshapes", shape))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, shape), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module devshapes\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := driver.Run([]string{"./..."}, []*analysis.Analyzer{blockingsend.Analyzer},
		driver.Options{Stdout: &stdout, Stderr: &stderr, Dir: dir})
	if code != driver.ExitClean || stdout.Len() > 0 {
		t.Errorf("exit code %d, want %d and no findings; output:\n%s\nstderr:\n%s", code, driver.ExitClean, stdout.String(), stderr.String())
	}
}
