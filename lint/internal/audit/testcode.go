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
