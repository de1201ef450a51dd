package blockingsend_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/blockingsend"
	"github.com/leash-go/leash/lint/internal/checktest"
)

// TestEveryExitNamed checks that a receiver that leaves without receiving
// by several returns has each named in the finding's related positions, in
// source order, up to four, the last saying how many more there are: the
// first return a search finds may be one that never runs.
func TestEveryExitNamed(t *testing.T) {
	results := checktest.Run(t, blockingsend.Analyzer, "exitsnamed")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			pos := r.Pass.Fset.Position(d.Pos)
			src, err := os.ReadFile(pos.Filename)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(src), "\n")
			fn := enclosingFunc(lines, pos.Line)
			var want []int
			unnamed := 0
			for i := fn; i < len(lines) && (i == fn || !strings.HasPrefix(lines[i], "func ")); i++ {
				switch {
				case strings.HasSuffix(lines[i], "// named"):
					want = append(want, i+1)
				case strings.HasSuffix(lines[i], "// unnamed"):
					unnamed++
				}
			}
			var got []int
			var last string
			for _, rel := range d.Related {
				if strings.HasPrefix(rel.Message, "returns here") {
					got = append(got, r.Pass.Fset.Position(rel.Pos).Line)
					last = rel.Message
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: related positions name returns at lines %v, want %v", pos, got, want)
			}
			if more := fmt.Sprintf("(and %d more returns like it)", unnamed); (unnamed > 0) != strings.HasSuffix(last, more) {
				t.Errorf("%s: last return named %q, want it to end in %q only if some are left unnamed (%d)", pos, last, more, unnamed)
			}
		}
	}
}

// enclosingFunc returns the index of the line that starts the function
// holding line (1-based).
func enclosingFunc(lines []string, line int) int {
	for i := line - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], "func ") {
			return i
		}
	}
	return 0
}
