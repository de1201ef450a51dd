package plugin

import (
	"testing"

	"github.com/leash-go/leash/lint/internal/driver/drivertest"
	"golang.org/x/tools/go/analysis"
)

// The audit setting turns on every check's audit rules, as -audit does; a
// check's own audit setting overrides it.
func TestAudit(t *testing.T) {
	defer drivertest.ResetFlags()
	all := []*analysis.Analyzer{drivertest.Guessing, drivertest.Sleepy}
	auditOn := func() bool { return drivertest.Guessing.Flags.Lookup("audit").Value.String() == "true" }
	for _, tc := range []struct {
		settings map[string]any
		want     bool
	}{
		{nil, false},
		{map[string]any{"audit": true}, true},
		{map[string]any{"audit": true, "checks": map[string]any{"guessing": map[string]any{"audit": false}}}, false},
		{map[string]any{"checks": map[string]any{"guessing": map[string]any{"audit": true}}}, true},
		{map[string]any{"audit": false}, false},
	} {
		drivertest.Guessing.Flags.Set("audit", "true") // not the default: the settings decide
		if tc.settings == nil {
			drivertest.ResetFlags()
		}
		if _, err := newPlugin(tc.settings, all); err != nil {
			t.Fatal(err)
		}
		if auditOn() != tc.want {
			t.Errorf("settings %v: guessing's audit rules on: %v, want %v", tc.settings, auditOn(), tc.want)
		}
	}
}
