package wgadd_test

import (
	"golang.org/x/tools/go/analysis/analysistest"
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/wgadd"
)

// TestDefault checks the default rule: the Add races with a Wait in the
// function that starts the goroutine.
func TestDefault(t *testing.T) {
	checktest.Run(t, wgadd.Analyzer, "spawner")
}

// TestAudit checks every Add inside the goroutine it counts, wherever its
// Wait, and the look-alikes no rule reports.
func TestAudit(t *testing.T) {
	checktest.Audit(t, wgadd.Analyzer)
	checktest.RunWithSuggestedFixes(t, wgadd.Analyzer, "wgadd")
}

// TestAuditReportsElsewhere checks that what the default rule leaves to
// the audit is still reported with -wgadd.audit: spawner's three Adds
// whose Wait is elsewhere, before the start, or on another WaitGroup.
func TestAuditReportsElsewhere(t *testing.T) {
	checktest.Audit(t, wgadd.Analyzer)
	results := analysistest.Run(ignoreWants{}, checktest.Dir(t), wgadd.Analyzer, "spawner")
	got := 0
	for _, r := range results {
		got += len(r.Diagnostics)
	}
	if want := 7; got != want {
		t.Errorf("with audit: %d findings in spawner, want %d (4 by default and 3 more)", got, want)
	}
}

// ignoreWants drops analysistest's complaints about spawner's want
// comments, which describe the default run.
type ignoreWants struct{}

func (ignoreWants) Errorf(string, ...any) {}
