package unboundedgo_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/unboundedgo"
)

// TestUnboundedGo checks the default rules: fan-out whose size the check
// can see come from a request, in the function or one call away, and
// look-alikes whose size it cannot see (configured collections,
// deployment-sized lists, limits taken through helpers), seen on real
// code.
func TestUnboundedGo(t *testing.T) {
	results := checktest.Run(t, unboundedgo.Analyzer, "unboundedgo")
	// A finding shown one call away names the call that brings the input
	// in, then where the caller got it.
	want := []string{
		"the loop that starts a goroutine each round",
		"ids comes in here: fetchHandler passes req.IDs",
		"req is decoded here from input: its size is the sender's",
	}
	found := false
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if !strings.HasPrefix(d.Message, "goroutine per element of ids") {
				continue
			}
			found = true
			var got []string
			for _, rel := range d.Related {
				got = append(got, rel.Message)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: related information\n%q\nwant\n%q", r.Pass.Fset.Position(d.Pos), got, want)
			}
		}
	}
	if !found {
		t.Error("no finding over ids")
	}
}

// TestAudit runs the rules that guess, which -unboundedgo.audit turns on.
func TestAudit(t *testing.T) {
	if err := unboundedgo.Analyzer.Flags.Set("audit", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unboundedgo.Analyzer.Flags.Set("audit", "false") })
	checktest.Run(t, unboundedgo.Analyzer, "audit")
}

// TestAuditSilentByDefault checks that what only the audit rules report —
// among it fan-out over a parameter of plain data of an exported function
// — the default rules leave alone.
func TestAuditSilentByDefault(t *testing.T) {
	checktest.Silent(t, unboundedgo.Analyzer, "audit")
}
