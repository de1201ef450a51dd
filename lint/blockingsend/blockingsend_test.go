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
	checktest.Run(t, blockingsend.Analyzer, "blockingsend", "exits", "exitsrun", "exitsmethod", "exitsiface", "exitsserve", "exitsrepl", "exitsrounds", "runforever", "runforeverconns", "signalwait", "go.uber.org/zap", "neverfails")
	// What the audit rules report, the default rules leave alone.
	checktest.Silent(t, blockingsend.Analyzer, "audit")
}

// TestShapes runs the check on the shapes of its findings on real code
// (the leaks it must report, the look-alikes it must leave alone).
func TestShapes(t *testing.T) {
	checktest.Run(t, blockingsend.Analyzer, "devshapes", "servemain", "secondserver", "parkmain")
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
	checktest.Audit(t, blockingsend.Analyzer)
}

// TestStoppedTestWithoutStdFacts runs the check on a look-alike as the
// leash command does by default, without analysing the standard library:
// that t.Fatalf never returns must then come from the model, not from
// ctrlflow's facts about package testing, which analysistest always has.
func TestStoppedTestWithoutStdFacts(t *testing.T) {
	const shape = "fp_helper_starts_and_receives.go"
	expectSilent(t, map[string]string{
		"go.mod": "module devshapes\n\ngo 1.22\n",
		shape:    readFile(t, filepath.Join("testdata", "src", "devshapes", shape)),
	})
}

// TestHarnessFailsTest runs the check as the leash command does (facts
// of the main modules only, so none of testify's) over a test harness kept
// in a non-test file: a wait that gives up through require.Fail is a
// failing test's path, not a leak.
func TestHarnessFailsTest(t *testing.T) {
	expectSilent(t, map[string]string{
		"go.mod":                     "module harness\n\ngo 1.22\n\nrequire github.com/stretchr/testify v1.0.0\n\nreplace github.com/stretchr/testify => ./testify\n",
		"harness.go":                 readFile(t, filepath.Join("testdata", "harness", "harness.go")),
		"testify/go.mod":             "module github.com/stretchr/testify\n\ngo 1.22\n",
		"testify/require/require.go": readFile(t, filepath.Join("..", "internal", "checktest", "testdata", "src", "github.com", "stretchr", "testify", "require", "require.go")),
	})
}

// expectSilent writes files (by path) into a new module directory and
// runs the check over it as the leash command does (facts of the main
// module only): it must find nothing.
func expectSilent(t *testing.T, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	code := driver.Run([]string{"./..."}, []*analysis.Analyzer{blockingsend.Analyzer},
		driver.Options{Stdout: &stdout, Stderr: &stderr, Dir: dir})
	if code != driver.ExitClean || stdout.Len() > 0 {
		t.Errorf("exit code %d, want %d and no findings; output:\n%s\nstderr:\n%s", code, driver.ExitClean, stdout.String(), stderr.String())
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
