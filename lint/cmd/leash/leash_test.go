package main_test

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/checks"
	"github.com/leash-go/leash/lint/internal/driver"
)

var update = flag.Bool("update", false, "rewrite testdata/antipatterns.golden from the current output")

// TestAntipatterns asserts exactly what the README's main job prints:
// every finding in examples/antipatterns, the audit rules' included (one,
// bigbuffer's), then the fixes as a diff.
func TestAntipatterns(t *testing.T) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := driver.Run([]string{"-audit", "-diff", "./examples/antipatterns/..."}, checks.All, driver.Options{Stdout: &stdout, Stderr: &stderr, Dir: root})
	if code != driver.ExitFindings {
		t.Errorf("exit code %d, want %d; stderr:\n%s", code, driver.ExitFindings, stderr.String())
	}
	golden := filepath.Join("testdata", "antipatterns.golden")
	if *update {
		if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := stdout.String(); got != string(want) {
		t.Errorf("leash -audit -diff ./examples/antipatterns/... printed:\n%s\nwant (%s; go test -run TestAntipatterns -update rewrites it):\n%s", got, golden, want)
	}
}

// TestVetTool runs the built command the way go vet -vettool does.
func TestVetTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and runs go vet")
	}
	bin := filepath.Join(t.TempDir(), "leash")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/v\n\ngo 1.22\n")
	write("v.go", "package v\n\nvar queue = make(chan int, 5000)\n\n//leash:ignore bigbuffer sized for one nightly burst\nvar burst = make(chan int, 6000)\n")

	vet := func(args ...string) (string, error) {
		cmd := exec.Command("go", append([]string{"vet", "-vettool=" + bin}, args...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	// bigbuffer's one rule is an audit rule: a default run finds nothing.
	if out, err := vet("./..."); err != nil {
		t.Errorf("go vet -vettool failed without -bigbuffer.audit; want no finding:\n%s", out)
	}
	out, err := vet("-bigbuffer.audit", "./...")
	if err == nil {
		t.Errorf("go vet -vettool -bigbuffer.audit succeeded; want it to fail on the finding. Output:\n%s", out)
	}
	if !strings.Contains(out, "v.go:3:28: channel buffer of 5000 elements") || strings.Contains(out, "v.go:6") {
		t.Errorf("go vet -vettool output lacks the finding or shows the suppressed one:\n%s", out)
	}
	// The finding names its check, so that the reader knows what to put
	// in a //leash:ignore directive.
	if !strings.Contains(out, "see -bigbuffer.max) (bigbuffer)\n") {
		t.Errorf("go vet -vettool output does not name the check:\n%s", out)
	}
	if out, err := vet("-audit", "-bigbuffer.max=5000", "./..."); err != nil {
		t.Errorf("go vet -vettool -bigbuffer.max=5000 failed; the setting did not reach the check:\n%s", out)
	}
}
