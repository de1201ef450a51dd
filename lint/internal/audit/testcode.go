package audit

import (
	"go/ast"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
)

// TestCode reports whether file is test code: a _test.go file, a test
// helper, a file of the package proper that imports package testing, or a
// mock or a fake, named as mocks and fakes are (mock_client.go,
// mockmailer.go, client_mock.go, fake_clock.go, store_fakes.go): code
// written to stand in for the real thing in tests, whose leaks end with
// the test (on the held-out repositories, four findings in such files,
// none a bug that mattered: lint/EVALUATION.md).
//
// A default run leaves test code to the audit rules, and the findings
// whose related positions are in it: their path runs through a test. A goroutine a test
// leaks ends with the test binary, a test that fails has already said so,
// and leashtest's checks find the leaks of tests when they run, without
// guessing; on the repositories measured, findings in test code were
// almost never a bug that mattered (lint/EVALUATION.md).
func TestCode(fset *token.FileSet, file *ast.File) bool {
	if tf := fset.File(file.Pos()); tf != nil && (strings.HasSuffix(tf.Name(), "_test.go") || standIn(filepath.Base(tf.Name()))) {
		return true
	}
	for _, spec := range file.Imports {
		if path, err := strconv.Unquote(spec.Path.Value); err == nil && path == "testing" {
			return true
		}
	}
	return false
}

// standIn reports whether a file's name says it holds a mock or a fake:
// it begins with mock or fake followed by a word boundary or another word
// (mock.go, mock_store.go, mockmailer.go, fakeclock.go, but not
// mockingbird.go, which is read as the word it is), or ends with _mock,
// _mocks, _fake or _fakes.
func standIn(name string) bool {
	base := strings.ToLower(strings.TrimSuffix(name, ".go"))
	for _, word := range []string{"mock", "fake"} {
		if strings.HasSuffix(base, "_"+word) || strings.HasSuffix(base, "_"+word+"s") {
			return true
		}
		rest, ok := strings.CutPrefix(base, word)
		if !ok {
			continue
		}
		rest = strings.TrimPrefix(rest, "s")
		if rest == "r" || rest == "d" { // faker.go, faked.go: a generator, a word of its own
			continue
		}
		if rest == "" || rest[0] == '_' || rest[0] == '-' || !strings.HasPrefix(rest, "ing") && !strings.HasPrefix(rest, "ed") && !strings.HasPrefix(rest, "er") {
			return true
		}
	}
	return false
}

// notShippedDirs are the directory names that, by a convention most Go
// repositories share, hold code that supports the tests rather than code
// a release runs: fixtures and harnesses for end-to-end tests, test
// helpers, benchmark drivers. (Examples are checked: they are what users
// copy.)
var notShippedDirs = map[string]bool{
	"test": true, "tests": true, "e2e": true, "testutil": true, "testutils": true, "testing": true,
	"bench": true, "benchmark": true, "benchmarks": true,
}

// NotShipped reports whether the package pkgPath of module modulePath
// lies under a directory that holds test support or benchmarks
// (test/e2e/fixtures, internal/testutil, rpc/bench): code that is test
// code in all but its file names, and whose leaks end with the test or the
// benchmark run; so is a package named as the standard library names its
// test support (rpctest, as httptest). Without a module path it reports
// false.
func NotShipped(pkgPath, modulePath string) bool {
	if modulePath == "" {
		return false
	}
	rel, ok := strings.CutPrefix(pkgPath, modulePath)
	if !ok || rel != "" && rel[0] != '/' {
		return false
	}
	for elem := range strings.SplitSeq(strings.Trim(rel, "/"), "/") {
		if notShippedDirs[elem] || testSupport(elem) {
			return true
		}
	}
	return false
}

// testSupport reports whether a directory is named as the standard
// library names its packages of test support, a word and then test
// (httptest, iotest, fstest; rpctest, dbtest), and is not an English word
// that happens to end so (latest, contest).
func testSupport(elem string) bool {
	elem = strings.ToLower(elem)
	word, ok := strings.CutSuffix(elem, "test")
	return ok && len(word) >= 2 && !endsInTest[elem]
}

// endsInTest are the words that end in test without being one.
var endsInTest = map[string]bool{
	"latest": true, "contest": true, "protest": true, "attest": true, "detest": true,
	"fastest": true, "greatest": true, "shortest": true, "smartest": true, "strictest": true,
	"tightest": true, "softest": true, "slightest": true, "hottest": true, "wettest": true,
}
