package blockingsend_test

import (
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/blockingsend"
	"github.com/leash-go/leash/lint/internal/checktest"
)

// TestOwedPerRound checks that, where a goroutine is started each round of
// a loop, a return is said to leave values still to come, not a count: the
// count the reported path gives is that of its own few rounds, and the
// loop may run any number of them.
func TestOwedPerRound(t *testing.T) {
	perRound := 0
	for _, r := range checktest.Run(t, blockingsend.Analyzer, "blockingsend") {
		for _, d := range r.Diagnostics {
			looped := false
			for _, rel := range d.Related {
				looped = looped || strings.Contains(rel.Message, "one each round of the loop")
			}
			if !looped {
				continue
			}
			perRound++
			for _, rel := range d.Related {
				if strings.Contains(rel.Message, "still to come") && !strings.Contains(rel.Message, "with values still to come") {
					t.Errorf("%s: %q: a goroutine is started each round, so no count of the values owed holds", r.Pass.Fset.Position(rel.Pos), rel.Message)
				}
			}
		}
	}
	if perRound == 0 {
		t.Fatal("no finding starts a goroutine each round of a loop: the test checks nothing")
	}
}
