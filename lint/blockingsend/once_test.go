package blockingsend_test

import (
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/blockingsend"
	"github.com/leash-go/leash/lint/internal/checktest"
)

// TestOneFindingPerLeak checks that a leak concerning several goroutines
// is one finding whose related positions name every goroutine.
func TestOneFindingPerLeak(t *testing.T) {
	results := checktest.Run(t, blockingsend.Analyzer, "fanoutonce")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			starts := 0
			for _, rel := range d.Related {
				if strings.HasPrefix(rel.Message, "a goroutine started here sends on ") {
					starts++
				}
			}
			if starts != 2 {
				t.Errorf("%s: %q names %d goroutines in its related positions, want 2", r.Pass.Fset.Position(d.Pos), d.Message, starts)
			}
		}
	}
}
