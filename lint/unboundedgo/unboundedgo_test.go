package unboundedgo_test

import (
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/unboundedgo"
)

// TestUnboundedGo checks the default rules: fan-out whose size the check
// can see come from the input, and look-alikes whose size it cannot see
// (configured collections, deployment-sized lists, limits taken through
// helpers), seen on real code.
func TestUnboundedGo(t *testing.T) {
	checktest.Run(t, unboundedgo.Analyzer, "unboundedgo")
}

// TestAudit runs the rules that guess, which -unboundedgo.audit turns on.
func TestAudit(t *testing.T) {
	if err := unboundedgo.Analyzer.Flags.Set("audit", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unboundedgo.Analyzer.Flags.Set("audit", "false") })
	checktest.Run(t, unboundedgo.Analyzer, "audit")
}
