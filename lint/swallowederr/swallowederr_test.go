package swallowederr_test

import (
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/swallowederr"
)

// TestAnalyzer checks the default rules: what the code shows is lost, and
// look-alikes whose dropped errors are harmless by convention.
func TestAnalyzer(t *testing.T) {
	checktest.Run(t, swallowederr.Analyzer, "swallowederr")
}

// TestAudit runs every rule, those that guess included, with their fixes.
func TestAudit(t *testing.T) {
	if err := swallowederr.Analyzer.Flags.Set("audit", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { swallowederr.Analyzer.Flags.Set("audit", "false") })
	checktest.RunWithSuggestedFixes(t, swallowederr.Analyzer, "audit")
}
