package groupctx_test

import (
	"testing"

	"github.com/leash-go/leash/lint/groupctx"
	"github.com/leash-go/leash/lint/internal/checktest"
)

// TestAnalyzer checks the default rules with their fixes, and look-alikes
// seen on real code (a context only read for a value).
func TestAnalyzer(t *testing.T) {
	checktest.RunWithSuggestedFixes(t, groupctx.Analyzer, "groupctx")
}

// TestAudit runs the rule that guesses, which -groupctx.audit turns on.
func TestAudit(t *testing.T) {
	if err := groupctx.Analyzer.Flags.Set("audit", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { groupctx.Analyzer.Flags.Set("audit", "false") })
	checktest.Run(t, groupctx.Analyzer, "audit")
}
