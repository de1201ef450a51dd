package leashtest

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"testing"
)

// Main runs the tests of m and then fails the run, with a report on standard
// error and exit status 1, if goroutines started by the tests are still alive.
// Call it from TestMain, in place of m.Run:
//
//	func TestMain(m *testing.M) {
//		leashtest.Main(m)
//	}
//
// Main blames only goroutines started, directly or not, by the tests:
// goroutines that TestMain or package initialisation started before Main
// are never reported. It names the leaking test when the test called Check,
// and otherwise when a test function appears in the goroutine's stack or
// creation site. Goroutines a Check already reported are not reported again.
//
// Like a test's check, Main reports proven leaks at once and waits out the
// grace period for the rest. It checks nothing when a test failed: the run
// fails anyway. Main does not return: it calls os.Exit.
func Main(m *testing.M, opts ...Option) {
	if m == nil {
		panic("leashtest: Main(nil): pass TestMain's *testing.M")
	}
	os.Exit(runMain(m, newConfig(opts), os.Stderr))
}

// runMain is Main without the exit.
func runMain(m interface{ Run() int }, c *config, stderr io.Writer) int {
	setLabel(mainLabel)
	code := m.Run()
	if code != 0 || fuzzing() {
		return code
	}
	if text := checkMain(c); text != "" {
		fmt.Fprint(stderr, text)
		return 1
	}
	return 0
}

// checkMain returns the report of the goroutines the tests left, or "".
func checkMain(c *config) string {
	pprof.SetGoroutineLabels(checkingLabels)
	if !glanceAlive(ownedByTests, 0) {
		return ""
	}
	w := &watch{config: c, grace: c.grace, owns: ownedByTests}
	v := w.wait()
	if len(v.leaked)+len(v.lingering) == 0 {
		return ""
	}
	if len(v.leaked) == 0 && c.allowLingering {
		return ""
	}
	// One report per test, in the order tests first appear.
	var order []string
	byTest := make(map[string]*verdict)
	add := func(g goroutine, leaked bool) {
		name := testOf(g)
		tv := byTest[name]
		if tv == nil {
			tv = &verdict{waited: v.waited, early: v.early}
			byTest[name] = tv
			order = append(order, name)
		}
		if leaked {
			tv.leaked = append(tv.leaked, g)
		} else {
			tv.lingering = append(tv.lingering, g)
		}
	}
	for _, g := range v.leaked {
		add(g, true)
	}
	for _, g := range v.lingering {
		add(g, false)
	}
	var b strings.Builder
	for _, name := range order {
		b.WriteString(report(name, *byTest[name]))
		b.WriteByte('\n')
	}
	b.WriteString("FAIL: goroutines leaked by the tests (leashtest.Main)\n")
	return b.String()
}

// ownedByTests accepts the labels of goroutines started by tests that no
// Check has reported yet.
func ownedByTests(label string) bool {
	if label == mainLabel {
		return true
	}
	o := ownerOf(label)
	return o != nil && !o.reported.Load()
}

// testOf names the test that started g: the test whose Check labelled it, or
// else the first test function found in its stack or creation site.
func testOf(g goroutine) string {
	if o := ownerOf(g.label); o != nil {
		return o.name
	}
	for i := len(g.Frames) - 1; i >= 0; i-- {
		if name := testFunction(g.Frames[i].Function); name != "" {
			return name
		}
	}
	if name := testFunction(g.Creator.Function); name != "" {
		return name
	}
	return "a test"
}

// testFunction returns "TestX" for a function of a test or of a closure in
// it, "example.com/p.TestX.func1.2", and "" for anything else.
func testFunction(fn string) string {
	fn = fn[strings.LastIndexByte(fn, '/')+1:]
	_, fn, ok := strings.Cut(fn, ".")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(fn, ".")
	for _, prefix := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		rest, ok := strings.CutPrefix(name, prefix)
		if ok && (rest == "" || !('a' <= rest[0] && rest[0] <= 'z')) {
			return name
		}
	}
	return ""
}

// fuzzing reports whether the process is fuzzing (go test -fuzz), as the
// coordinator or one of its workers. Fuzzing keeps goroutines of its own
// across inputs, and a worker's exit is part of the fuzzer's protocol:
// Main leaves both alone.
func fuzzing() bool {
	for _, name := range []string{"test.fuzz", "test.fuzzworker"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" && f.Value.String() != "false" {
			return true
		}
	}
	return false
}
