package audit

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// TestCode reports whether file is test code: a _test.go file, or a test
// helper, a file of the package proper that imports package testing.
//
// A default run leaves test code to the audit rules, and the findings
// whose related positions are in it: their path runs through a test. A goroutine a test
// leaks ends with the test binary, a test that fails has already said so,
// and leashtest's checks find the leaks of tests when they run, without
// guessing; on the repositories measured, findings in test code were
// almost never a bug that mattered (lint/EVALUATION.md).
func TestCode(fset *token.FileSet, file *ast.File) bool {
	if tf := fset.File(file.Pos()); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
		return true
	}
	for _, spec := range file.Imports {
		if path, err := strconv.Unquote(spec.Path.Value); err == nil && path == "testing" {
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
// benchmark run. Without a module path it reports false.
func NotShipped(pkgPath, modulePath string) bool {
	if modulePath == "" {
		return false
	}
	rel, ok := strings.CutPrefix(pkgPath, modulePath)
	if !ok || rel != "" && rel[0] != '/' {
		return false
	}
	for elem := range strings.SplitSeq(strings.Trim(rel, "/"), "/") {
		if notShippedDirs[elem] {
			return true
		}
	}
	return false
}
