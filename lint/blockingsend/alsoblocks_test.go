package blockingsend_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/blockingsend"
	"github.com/leash-go/leash/lint/internal/checktest"
)

// TestOthersNamed checks that a finding standing for several operations
// one mistake blocks names each of the others (the lines marked // also)
// in its related positions: the goroutine a run leaves stuck may be at any
// of them, and a reader looking there finds the finding.
func TestOthersNamed(t *testing.T) {
	results := checktest.Run(t, blockingsend.Analyzer, "alsoblocks")
	var want, got []int
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, rel := range d.Related {
				if rel.Message == "it can block here too" {
					got = append(got, r.Pass.Fset.Position(rel.Pos).Line)
				}
			}
			if want == nil {
				src, err := os.ReadFile(r.Pass.Fset.Position(d.Pos).Filename)
				if err != nil {
					t.Fatal(err)
				}
				for i, line := range strings.Split(string(src), "\n") {
					if strings.HasSuffix(line, "// also") {
						want = append(want, i+1)
					}
				}
			}
		}
	}
	slices.Sort(got)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("operations named as blocking too: lines %v, want %v", got, want)
	}
}
