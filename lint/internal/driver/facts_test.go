package driver_test

import (
	"bytes"
	"slices"
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
	sleepsA    = "a/a.go:12:2: b.Rest sleeps, via c.Nap → clock.Sleep (sleepy)"
	sleepsB    = "b/b.go:8:2: c.Nap sleeps, via clock.Sleep (sleepy)"
	sleepsTest = "b/b_test.go:6:2: b.Rest sleeps, via c.Nap → clock.Sleep (sleepy)"
	sleepsDep  = "a/a.go:14:2: slow.Wait sleeps, via slow.Sleep (sleepy)"
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

// failsOnC exports facts, and panics on package c.
var failsOnC = &analysis.Analyzer{
	Name:      "failsonc",
	Doc:       "panic on package c",
	FactTypes: []analysis.Fact{new(drivertest.Sleeps)},
	Run: func(pass *analysis.Pass) (any, error) {
		if pass.Pkg.Name() == "c" {
			panic("c is too much")
		}
		return nil, nil
	},
}

// A check that fails on a dependency analysed only for its facts fails the
// run: the facts it should have given are missing.
func TestFactsFailureOnADependency(t *testing.T) {
	dir := copyModule(t, "facts")
	var stdout, stderr bytes.Buffer
	code := driver.Run([]string{"./a"}, []*analysis.Analyzer{failsOnC}, driver.Options{Stdout: &stdout, Stderr: &stderr, Dir: dir})
	if code != driver.ExitError || !strings.Contains(stderr.String(), "leash: check failsonc failed on example.com/facts/c: internal error in check failsonc on package example.com/facts/c (please report it): c is too much") {
		t.Errorf("exit code %d, stderr:\n%s\nwant %d and the failure on c", code, stderr.String(), driver.ExitError)
	}
}

// named is a fact that names what it is about.
type named struct{ Name string }

func (*named) AFact() {}

// listing exports a fact for each package and each exported function, and
// reports, at the package clause, every fact its pass can see.
var listing = &analysis.Analyzer{
	Name:      "listing",
	Doc:       "list the facts a pass sees",
	FactTypes: []analysis.Fact{new(named)},
	Run: func(pass *analysis.Pass) (any, error) {
		pass.ExportPackageFact(&named{pass.Pkg.Name()})
		for _, name := range pass.Pkg.Scope().Names() {
			if obj := pass.Pkg.Scope().Lookup(name); obj.Exported() {
				pass.ExportObjectFact(obj, &named{pass.Pkg.Name() + "." + name})
			}
		}
		var seen []string
		for _, f := range pass.AllPackageFacts() {
			seen = append(seen, "package "+f.Fact.(*named).Name)
		}
		for _, f := range pass.AllObjectFacts() {
			seen = append(seen, f.Fact.(*named).Name)
		}
		slices.Sort(seen)
		pass.Reportf(pass.Files[0].Package, "%s", strings.Join(seen, ", "))
		return nil, nil
	},
}

// A pass sees every fact about its package and those it depends on.
func TestAllFacts(t *testing.T) {
	dir := copyModule(t, "facts")
	var stdout, stderr bytes.Buffer
	code := driver.Run([]string{"./a"}, []*analysis.Analyzer{listing}, driver.Options{Stdout: &stdout, Stderr: &stderr, Dir: dir})
	want := "a/a.go:3:1: a.Serve, b.Rest, b.Work, c.Awake, c.Nap, clock.Sleep, package a, package b, package c, package clock (listing)\n"
	if code != driver.ExitFindings || stdout.String() != want {
		t.Errorf("exit code %d, output:\n%s\nstderr:\n%s\nwant 3 and:\n%s", code, stdout.String(), stderr.String(), want)
	}
}

// Analyzers that break the analysis API's rules are refused before any
// package is listed: here two share a fact type.
func TestInvalidAnalyzers(t *testing.T) {
	twin := *drivertest.Sleepy
	twin.Name = "twin"
	var stdout, stderr bytes.Buffer
	code := driver.Run([]string{"./..."}, []*analysis.Analyzer{drivertest.Sleepy, &twin}, driver.Options{Stdout: &stdout, Stderr: &stderr, Dir: t.TempDir()})
	if code != driver.ExitError || !strings.Contains(stderr.String(), "registered by two analyzers") {
		t.Errorf("exit code %d, stderr %q; want %d and why", code, stderr.String(), driver.ExitError)
	}
}
