package gobench

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// minFound is the number of kernels found when the checks were last
// measured (see lint/EVALUATION.md); finding fewer is a regression.
const minFound = 35

// TestGoBench runs every kernel for its ground truth, runs the leash
// checks over the kernels, and scores them. It takes minutes, so it runs
// only when LEASH_GOBENCH is set:
//
//	LEASH_GOBENCH=1 LEASH_GOBENCH_REPORT=/tmp/gobench.md go test ./eval/gobench -run GoBench -v -timeout 60m
//
// LEASH_GOBENCH_RUNS bounds the runs per kernel (default 10).
func TestGoBench(t *testing.T) {
	if os.Getenv("LEASH_GOBENCH") == "" {
		t.Skip("set LEASH_GOBENCH=1 to measure the checks on the GoBench kernels (takes minutes)")
	}
	src, err := gokerDir()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := copyKernels(src, dir); err != nil {
		t.Fatal(err)
	}
	kernels, err := readKernels(dir)
	if err != nil {
		t.Fatal(err)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	expect, err := readExpectations(filepath.Join(strings.TrimSpace(string(goroot)), "src"))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kernels {
		if _, ok := expect[k.Name]; !ok {
			t.Errorf("kernel %s (%s) has no expectation in goroutineleakprofile_test.go", k.Name, k.File)
		}
	}

	findings, err := analyse(dir)
	if err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(t.TempDir(), "goker")
	if err := buildKernels(dir, exe); err != nil {
		t.Fatal(err)
	}
	runs := 10
	if s := os.Getenv("LEASH_GOBENCH_RUNS"); s != "" {
		if runs, err = strconv.Atoi(s); err != nil || runs < 1 {
			t.Fatalf("LEASH_GOBENCH_RUNS=%q: want a positive number", s)
		}
	}
	var results []result
	found := 0
	for _, k := range kernels {
		leaks, n, err := runKernel(exe, k, expect[k.Name], runs)
		if err != nil {
			t.Errorf("%s: %v", k.Name, err)
		}
		r := score(k, leaks, n, findings, k.Funcs)
		if r.found() {
			found++
		}
		t.Logf("%-16s leaked stacks %2d in %2d runs, findings on the leak %d, nearby %d, unrelated %d", k.Name, len(leaks), n, len(r.Hits), len(r.Nearby), len(r.Unrelated))
		results = append(results, r)
	}
	var report bytes.Buffer
	writeReport(&report, results, expect)
	if path := os.Getenv("LEASH_GOBENCH_REPORT"); path != "" {
		if err := os.WriteFile(path, report.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("\n%s", report.String())
	if found < minFound {
		t.Errorf("found %d kernels, fewer than the %d measured before", found, minFound)
	}
}
