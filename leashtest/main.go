package leashtest

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Main runs the tests of m, each checked as if it called Check first, and
// then fails the run, with a report on standard error and exit status 1, if
// goroutines started by the tests are still alive. Call it from TestMain, in
// place of m.Run:
//
//	func TestMain(m *testing.M) {
//		leashtest.Main(m)
//	}
//
// A test that leaks fails by itself, named, with the report in its output,
// so that the run ends in FAIL rather than PASS followed by a report. testing
// offers no hook at the start of a test: Main reaches the tests through
// testing.M's fields (see testing.go). For what the per-test checks leave —
// goroutines that only Main can tell came from the tests (see Check for the
// rules), such as an orphan of tests that ran in parallel — Main looks once
// more when every test has ended, before testing prints its verdict: a leak
// then fails the run as a failed test does, with the report and FAIL, and
// no PASS. That report names the test when a test function is in the
// goroutine's stack or creation site, and says when it cannot tell which
// test it was. Goroutines started by examples, which run after the tests,
// and every goroutine on a Go release where Main cannot reach the tests,
// are looked for after the run, as goleak's VerifyTestMain does: testing
// has printed PASS by then, and the report follows it and fails the run.
//
// Main blames only goroutines started, directly or not, by the tests:
// goroutines that TestMain or package initialisation started before Main
// are never reported, nor goroutines a check already reported. Like a
// test's check, Main reports proven leaks at once and waits out the grace
// period for the rest; its options apply to the checks of every test. It
// looks nothing more after the run when a test failed: the run fails
// anyway. Main does not return: it calls os.Exit.
func Main(m *testing.M, opts ...Option) {
	if m == nil {
		panic("leashtest: Main(nil): pass TestMain's *testing.M")
	}
	os.Exit(runMain(m, newConfig(opts), os.Stderr))
}

// runMain is Main without the exit.
func runMain(m *testing.M, c *config, stderr io.Writer) int {
	mainID, _ := currentGoroutine()
	before := aliveNow(mainID, goroutinesCreated())
	setLabel(mainLabel)
	testGoroutines.Store(mainID, mainLabel)
	var failed atomic.Bool // a test failed, or the look below reported
	eachChecked := checkEachTest(m, c, func(root *testing.T) {
		// Once every test of the round (-count runs several) has ended,
		// before testing decides between PASS and FAIL: the leak fails the
		// run as a failed test would.
		root.Cleanup(func() {
			if root.Failed() || failed.Load() {
				failed.Store(true)
				return
			}
			if text := checkMain(c, mainID, before, true, false); text != "" {
				fmt.Fprint(stderr, text)
				failed.Store(true)
				root.Fail()
			}
		})
	})
	code := m.Run()
	if code != 0 || fuzzing() {
		return code
	}
	// What is left: the goroutines of examples, or, where the tests could
	// not be reached, of the whole run; testing has printed PASS.
	if text := checkMain(c, mainID, before, eachChecked, true); text != "" {
		fmt.Fprint(stderr, text)
		return 1
	}
	return 0
}

// checkEachTest makes every top-level test of m begin with a check, and
// reports whether it could. The first test of each round to run hands
// atRoot the test that runs them all, when it can be reached.
func checkEachTest(m *testing.M, c *config, atRoot func(root *testing.T)) bool {
	tests := testsOf(m)
	if tests == nil {
		return false
	}
	var mu sync.Mutex
	var last *testing.T // the root atRoot was last given
	for i := range *tests {
		test := &(*tests)[i]
		f := test.F
		test.F = func(t *testing.T) {
			t.Helper()
			if root := rootOf(t); root != nil {
				mu.Lock()
				if root != last {
					last = root
					atRoot(root)
				}
				mu.Unlock()
			}
			k := startCheck(t, c)
			k.byMain = true
			t.Cleanup(k.verify)
			if n, ok := cleanupsRegistered(t); ok {
				mainCleanups.Store(t, n)
				defer mainCleanups.Delete(t)
			}
			f(t)
		}
	}
	return true
}

// allTests names all the tests, in the report of Main's look after the run.
const allTests = "the tests"

// checkMain returns the report of the goroutines the tests left, or "";
// afterPass says that testing has printed PASS already.
func checkMain(c *config, mainID int64, before idSet, eachChecked, afterPass bool) string {
	pprof.SetGoroutineLabels(checkingLabels)
	cl := &claim{
		name:   allTests,
		testID: mainID,
		before: before,
		anyTag: true,
		alone:  func(map[int64]*goroutine) bool { return true }, // every test has ended
	}
	if !glanceMayHave(cl) {
		return ""
	}
	w := &watch{config: c, grace: c.grace, claim: cl}
	v := w.wait()
	if len(v.leaked)+len(v.lingering) == 0 || len(v.leaked) == 0 && c.allowLingering {
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
		if name == "" {
			b.WriteString(report(allTests, *byTest[name]))
			b.WriteString("\nleashtest.Main cannot tell which test started these goroutines. Call leashtest.Check(t) first in the tests to have the one that leaks them fail, named, by itself.\n\n")
			continue
		}
		b.WriteString(report(name, *byTest[name]))
		fmt.Fprintf(&b, "\nCall leashtest.Check(t) first in %s to have it fail by itself where it leaks.\n\n", name)
	}
	switch {
	case !afterPass:
		b.WriteString("(No test's own check could charge these goroutines to it; leashtest.Main found them once the tests had ended.)\n")
	case eachChecked:
		b.WriteString("(No test's own check could charge these goroutines to it; leashtest.Main found them after the tests and examples had passed, hence the PASS above.)\n")
	default:
		b.WriteString("(leashtest.Main cannot check each test on its own with this Go release; it found these goroutines after the tests had passed, hence the PASS above.)\n")
	}
	b.WriteString("FAIL: goroutines leaked by the tests (leashtest.Main)\n")
	return b.String()
}

// testOf names the test that started g: the test whose check labelled it,
// or else the first test function found in its stack or creation site; ""
// if neither says.
func testOf(g goroutine) string {
	if o := ownerOf(g.label); o != nil {
		return o.name
	}
	for i := len(g.Frames) - 1; i >= 0; i-- {
		if name := testFunction(g.Frames[i].Function); name != "" {
			return name
		}
	}
	return testFunction(g.Creator.Function)
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
