package ctxgoroutine_test

import (
	"testing"

	"github.com/leash-go/leash/lint/ctxgoroutine"
	"github.com/leash-go/leash/lint/internal/checktest"
)

// TestCtxGoroutine checks the default rules, and look-alikes seen on real
// code that they leave alone.
func TestCtxGoroutine(t *testing.T) {
	checktest.Run(t, ctxgoroutine.Analyzer, "ctxgoroutine")
}

// TestAudit runs every rule, those that guess included, with their fixes.
func TestAudit(t *testing.T) {
	checktest.Audit(t, ctxgoroutine.Analyzer)
	checktest.Run(t, ctxgoroutine.Analyzer, "audit")
	checktest.RunWithSuggestedFixes(t, ctxgoroutine.Analyzer, "auditfixes")
}
