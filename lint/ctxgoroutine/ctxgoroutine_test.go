package ctxgoroutine_test

import (
	"testing"

	"github.com/leash-go/leash/lint/ctxgoroutine"
	"github.com/leash-go/leash/lint/internal/checktest"
)

// TestCtxGoroutine checks that a default run reports nothing: every rule
// of the check is an audit rule. The `// want` comments say what the audit
// rules report there.
func TestCtxGoroutine(t *testing.T) {
	checktest.Silent(t, ctxgoroutine.Analyzer, "ctxgoroutine", "audit")
}

// TestAudit runs the rules, on the bugs and on look-alikes seen on real
// code, with their fixes.
func TestAudit(t *testing.T) {
	checktest.Audit(t, ctxgoroutine.Analyzer)
	checktest.Run(t, ctxgoroutine.Analyzer, "ctxgoroutine", "audit")
	checktest.RunWithSuggestedFixes(t, ctxgoroutine.Analyzer, "auditfixes")
}
