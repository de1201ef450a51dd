package groupctx_test

import (
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/groupctx"
	"github.com/leash-go/leash/lint/internal/checktest"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestAnalyzer checks every rule, the audit rules' included, with their
// fixes, and look-alikes seen on real code (a context only read for a
// value).
func TestAnalyzer(t *testing.T) {
	checktest.Audit(t, groupctx.Analyzer)
	checktest.RunWithSuggestedFixes(t, groupctx.Analyzer, "groupctx")
}

// TestDefault runs the default rules on the same package: an errgroup
// task using the parent context is an audit rule, and is not reported;
// the group's context after Wait and a leash task that ignores the
// context it is handed are.
func TestDefault(t *testing.T) {
	kinds := map[string]int{}
	for _, r := range analysistest.Run(ignoreWants{}, checktest.Dir(t), groupctx.Analyzer, "groupctx") {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Pass.Pkg.Path(), r.Err)
		}
		for _, d := range r.Diagnostics {
			switch {
			case strings.Contains(d.Message, "use the group's context"):
				t.Errorf("%s: an audit rule's finding without -audit: %s", r.Pass.Fset.Position(d.Pos), d.Message)
			case strings.Contains(d.Message, "once Wait returns"):
				kinds["after Wait"]++
			case strings.Contains(d.Message, "from outside"):
				kinds["leash task"]++
			}
		}
	}
	if kinds["after Wait"] == 0 || kinds["leash task"] == 0 {
		t.Errorf("default findings by kind: %v, want both kinds: the test checks nothing", kinds)
	}
}

// TestAudit runs the rules that guess, which -groupctx.audit turns on:
// the default rules leave the same package alone (a discarded group
// context, and a test's task on the parent context).
func TestAudit(t *testing.T) {
	checktest.Silent(t, groupctx.Analyzer, "audit")
	checktest.Audit(t, groupctx.Analyzer)
	checktest.Run(t, groupctx.Analyzer, "audit")
}

// ignoreWants drops what analysistest says about the `// want` comments,
// which list every rule's findings, the audit rules' too.
type ignoreWants struct{}

func (ignoreWants) Errorf(string, ...any) {}
