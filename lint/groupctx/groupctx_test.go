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

// TestAudit runs the rules that guess, which -groupctx.audit turns on:
// the default rules leave the same package alone (a discarded group
// context, and a test's task on the parent context).
func TestAudit(t *testing.T) {
	checktest.Silent(t, groupctx.Analyzer, "audit")
	checktest.Audit(t, groupctx.Analyzer)
	checktest.Run(t, groupctx.Analyzer, "audit")
}
