package ignore_test

import (
	"go/ast"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/checks"
	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/internal/ignore"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// flagbad reports every call of a function named bad.
var flagbad = &analysis.Analyzer{
	Name: "flagbad",
	Doc:  "report calls of bad",
	Run:  ignore.Wrap(reportBad),
}

func reportBad(pass *analysis.Pass) (any, error) {
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "bad" {
					pass.Reportf(call.Pos(), "call of bad")
				}
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "badVia" {
					// A finding whose path runs through the callers
					// of its function: they are its related positions.
					d := analysis.Diagnostic{Pos: call.Pos(), Message: "call of badVia"}
					for _, g := range pass.Files {
						ast.Inspect(g, func(m ast.Node) bool {
							if c, ok := m.(*ast.CallExpr); ok {
								if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "serveVia" {
									d.Related = append(d.Related, analysis.RelatedInformation{Pos: c.Pos(), Message: "called here"})
								}
							}
							return true
						})
					}
					pass.Report(d)
				}
			}
			return true
		})
	}
	return nil, nil
}

func TestWrap(t *testing.T) {
	checktest.Run(t, flagbad, "suppressed", "generated")
}

// TestDirectives checks that a directive that would silently do nothing is
// reported, once, by the check it concerns.
func TestDirectives(t *testing.T) {
	defer ignore.SetChecks([]string{"flagbad", "other"})()
	checktest.Run(t, flagbad, "directives")
}

// A problem that concerns no check in particular is reported by the first
// check that runs.
func TestDirectivesReportedByARunningCheck(t *testing.T) {
	defer ignore.SetChecks([]string{"other", "flagbad"})()
	checktest.Run(t, flagbad, "otherfirst")
	ignore.Running([]string{"flagbad"})
	defer ignore.ResetRunning()
	checktest.Run(t, flagbad, "otheroff")
}

// The names a directive accepts are the checks' names, in their order.
func TestChecks(t *testing.T) {
	var names []string
	for _, a := range checks.All {
		names = append(names, a.Name)
	}
	if got := ignore.Checks(); !slices.Equal(got, names) {
		t.Errorf("a directive can name %q; want the names of checks.All, %q", got, names)
	}
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
		{"//leash:ignore\twgadd reason", []string{"wgadd"}, true, true},
		{"//leash:ignore ,wgadd, reason", []string{"wgadd"}, true, true},
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

// TestWrapRecovers checks that a panicking check becomes an error, not a crash.
func TestWrapRecovers(t *testing.T) {
	panicky := &analysis.Analyzer{
		Name: "panicky",
		Doc:  "panic on every package",
		Run:  ignore.Wrap(func(*analysis.Pass) (any, error) { panic("boom") }),
	}
	results := analysistest.Run(discard{}, checktest.Dir(t), panicky, "generated")
	if len(results) != 1 {
		t.Fatalf("got %d results, want 1", len(results))
	}
	err := results[0].Err
	if err == nil || !strings.Contains(err.Error(), "internal error in check panicky on package generated") || !strings.Contains(err.Error(), "boom") {
		t.Errorf("Err = %v, want an internal error naming the check, the package and the panic", err)
	}
}

// discard is an analysistest.Testing that ignores the expected error.
type discard struct{}

func (discard) Errorf(string, ...any) {}

// An analyzer that runs only because a check requires it reports no
// directive's problem: no driver would print it.
func TestDirectivesNotReportedByARequiredAnalyzer(t *testing.T) {
	defer ignore.SetChecks([]string{"other"})()
	ignore.Running([]string{"other"})
	defer ignore.ResetRunning()
	checktest.Run(t, flagbad, "required")
}

// flagaudit reports calls of bad only under its audit flag, as a check's
// audit rule does.
var flagaudit = func() *analysis.Analyzer {
	a := &analysis.Analyzer{Name: "flagbad", Doc: "report calls of bad under -audit"}
	audit := a.Flags.Bool("audit", false, "report calls of bad")
	a.Run = ignore.Wrap(func(pass *analysis.Pass) (any, error) {
		if *audit {
			return reportBad(pass)
		}
		return nil, nil
	})
	return a
}()

// A check whose audit rules are off does not call a directive stale: it may
// silence an audit rule's finding. With them on, an unused one is reported.
func TestDirectiveForAnAuditRule(t *testing.T) {
	checktest.Run(t, flagaudit, "auditoff")
	if err := flagaudit.Flags.Set("audit", "true"); err != nil {
		t.Fatal(err)
	}
	defer flagaudit.Flags.Set("audit", "false")
	checktest.Run(t, flagaudit, "suppressed")
}

// testcheck reports calls of bad by default, and has audit rules.
var testcheck = func() *analysis.Analyzer {
	a := &analysis.Analyzer{Name: "flagbad", Doc: "report calls of bad", Run: ignore.Wrap(reportBad)}
	a.Flags.Bool("audit", false, "also report in test code")
	return a
}()

// A check with audit rules reports test code — _test.go files, helpers
// that import testing, mocks and fakes, function literals assigned to _ —
// only with them on; a check without reports it
// always.
func TestTestCodeIsAudit(t *testing.T) {
	results := analysistest.Run(discard{}, checktest.Dir(t), testcheck, "testcode")
	var files []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			files = append(files, filepath.Base(r.Pass.Fset.Position(d.Pos).Filename))
		}
	}
	slices.Sort(files)
	if files = slices.Compact(files); strings.Join(files, " ") != "mockingbird.go prod.go" { // the package and its test variant
		t.Errorf("without audit rules, findings in %v; want mockingbird.go and prod.go only", files)
	}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.Message == "call of badVia" && len(d.Related) > 0 {
				t.Errorf("without audit rules, %s reported though its path runs through a test (%s)", d.Message, r.Pass.Fset.Position(d.Related[0].Pos))
			}
		}
	}
	checktest.Run(t, flagbad, "testcode")
	checktest.Audit(t, testcheck)
	checktest.Run(t, testcheck, "testcode")
}
