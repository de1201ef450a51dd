package driver_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/internal/driver"
	"github.com/leash-go/leash/lint/internal/driver/drivertest"
	"golang.org/x/tools/go/analysis"
)

// The sleepy analyzer learns that c.Nap sleeps in package c, that b.Rest
// does through it in package b, and reports the call of b.Rest in package
// a: only facts carry what it knows across the two package boundaries.
const (
	sleepsA    = "a/a.go:12:2: b.Rest sleeps, via c.Nap → time.Sleep (sleepy)"
	sleepsB    = "b/b.go:8:2: c.Nap sleeps, via time.Sleep (sleepy)"
	sleepsTest = "b/b_test.go:10:2: b.Rest sleeps, via c.Nap → time.Sleep (sleepy)"
	sleepsDep  = "a/a.go:14:2: slow.Wait sleeps, via time.Sleep (sleepy)"
)

func TestFacts(t *testing.T) {
	dir := copyModule(t, "facts")
	for _, tc := range []struct {
		scope string
		want  []string
	}{
		{"", []string{sleepsA, sleepsB, sleepsTest}},
		{"-facts=main", []string{sleepsA, sleepsB, sleepsTest}},
		{"-facts=std", []string{sleepsA, sleepsB, sleepsTest}},
		// Only analysing every dependency, as go vet does, learns that a
		// function of another module sleeps.
		{"-facts=all", []string{sleepsA, sleepsDep, sleepsB, sleepsTest}},
	} {
		args := []string{"./..."}
		if tc.scope != "" {
			args = []string{tc.scope, "./..."}
		}
		var stdout, stderr bytes.Buffer
		code := driver.Run(args, []*analysis.Analyzer{drivertest.Sleepy},
			driver.Options{Stdout: &stdout, Stderr: &stderr, Dir: dir})
		want := strings.Join(tc.want, "\n") + "\n"
		if code != driver.ExitFindings || stdout.String() != want {
			t.Errorf("%q: exit code %d, output:\n%s\nstderr:\n%s\nwant 3 and:\n%s", tc.scope, code, stdout.String(), stderr.String(), want)
		}
	}
}

// Facts reach a package named on its own: its dependencies are analysed
// for them even though they are not named.
func TestFactsOfPackagesNotNamed(t *testing.T) {
	dir := copyModule(t, "facts")
	var stdout, stderr bytes.Buffer
	code := driver.Run([]string{"./a"}, []*analysis.Analyzer{drivertest.Sleepy}, driver.Options{Stdout: &stdout, Stderr: &stderr, Dir: dir})
	if want := sleepsA + "\n"; code != driver.ExitFindings || stdout.String() != want {
		t.Errorf("leash ./a: exit code %d, output:\n%s\nstderr:\n%s\nwant 3 and:\n%s", code, stdout.String(), stderr.String(), want)
	}
}

// Under go vet -vettool, go vet passes the facts between packages, and
// every finding names its check.
func TestFactsUnderGoVet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	dir := copyModule(t, "facts")
	out, err := vet(t, dir, "-sleepy", "./...").CombinedOutput()
	if err == nil {
		t.Errorf("go vet succeeded despite findings:\n%s", out)
	}
	for _, want := range []string{sleepsA, sleepsB, sleepsTest, sleepsDep} {
		if !strings.Contains(string(out), want) {
			t.Errorf("go vet output lacks %q:\n%s", want, out)
		}
	}
}
