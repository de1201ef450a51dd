package blockingsend_test

import (
	"testing"

	"github.com/leash-go/leash/lint/blockingsend"
	"github.com/leash-go/leash/lint/internal/checktest"
)

func TestBlockingSend(t *testing.T) {
	checktest.Run(t, blockingsend.Analyzer, "blockingsend", "exits")
	// What the audit rules report, the default rules leave alone.
	checktest.Silent(t, blockingsend.Analyzer, "audit")
}

// TestShapes runs the check on the shapes of its findings on real code
// (the leaks it must report, the look-alikes it must leave alone).
func TestShapes(t *testing.T) {
	checktest.Run(t, blockingsend.Analyzer, "devshapes")
}

// TestFacts checks that what a helper of another package does with a
// channel reaches its callers.
func TestFacts(t *testing.T) {
	checktest.Run(t, blockingsend.Analyzer, "usehelp")
}

func TestBlockingSendFixes(t *testing.T) {
	checktest.RunWithSuggestedFixes(t, blockingsend.Analyzer, "fixes")
}

// TestAudit runs the rules that guess, which -blockingsend.audit turns on.
func TestAudit(t *testing.T) {
	setAudit(t)
	checktest.Run(t, blockingsend.Analyzer, "audit")
	checktest.RunWithSuggestedFixes(t, blockingsend.Analyzer, "auditfixes")
}

func setAudit(t *testing.T) {
	t.Helper()
	if err := blockingsend.Analyzer.Flags.Set("audit", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blockingsend.Analyzer.Flags.Set("audit", "false") })
}
