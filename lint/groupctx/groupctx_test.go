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
	checktest.Audit(t, groupctx.Analyzer)
	checktest.Run(t, groupctx.Analyzer, "audit")
}
