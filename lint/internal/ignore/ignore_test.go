package ignore_test

import (
	"go/ast"
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/internal/ignore"
	"golang.org/x/tools/go/analysis"
)

// flagbad reports every call of a function named bad.
var flagbad = &analysis.Analyzer{
	Name: "flagbad",
	Doc:  "report calls of bad",
	Run: ignore.Wrap(func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "bad" {
						pass.Reportf(call.Pos(), "call of bad")
					}
				}
				return true
			})
		}
		return nil, nil
	}),
}

func TestWrap(t *testing.T) {
	checktest.Run(t, flagbad, "suppressed", "generated")
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		text      string
		checks    []string
		hasReason bool
		ok        bool
	}{
		{"//leash:ignore wgadd counted by the caller", []string{"wgadd"}, true, true},
		{"//leash:ignore wgadd,bigbuffer one reason for both", []string{"wgadd", "bigbuffer"}, true, true},
		{"//leash:ignore wgadd", []string{"wgadd"}, false, true},
		{"//leash:ignore", nil, false, true},
		{"//leash:ignored wgadd reason", nil, false, false},
		{"// leash:ignore wgadd reason", nil, false, false},
		{"// a comment", nil, false, false},
	} {
		checks, hasReason, ok := ignore.Parse(tc.text)
		if ok != tc.ok || hasReason != tc.hasReason || len(checks) != len(tc.checks) {
			t.Errorf("Parse(%q) = %q, %v, %v; want %q, %v, %v", tc.text, checks, hasReason, ok, tc.checks, tc.hasReason, tc.ok)
			continue
		}
		for i := range checks {
			if checks[i] != tc.checks[i] {
				t.Errorf("Parse(%q) checks = %q; want %q", tc.text, checks, tc.checks)
			}
		}
	}
}
