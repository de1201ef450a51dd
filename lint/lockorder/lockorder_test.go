package lockorder_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/lockorder"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	checktest.Run(t, lockorder.Analyzer, "lockorder")
}

func TestOrder(t *testing.T) {
	if err := lockorder.Analyzer.Flags.Set("order", "true"); err != nil {
		t.Fatal(err)
	}
	defer lockorder.Analyzer.Flags.Set("order", "false")
	checktest.Run(t, lockorder.Analyzer, "order")
}

// Without -lockorder.order, none of the opposite orders is reported:
// every expected finding of the order package goes missing, and nothing
// else is reported.
func TestOrderOff(t *testing.T) {
	var got recorder
	analysistest.Run(&got, checktest.Dir(t), lockorder.Analyzer, "order")
	want := make(map[string]bool) // file:line of each expected finding
	for _, name := range []string{"order.go", "order_ok.go", "order_test.go"} {
		data, err := os.ReadFile(filepath.Join("testdata", "src", "order", name))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if strings.Contains(line, "// want") {
				want[fmt.Sprintf("order/%s:%d", name, i+1)] = true
			}
		}
	}
	missing := make(map[string]bool)
	for _, e := range got.errors {
		where, _, _ := strings.Cut(e, ": ")
		if !strings.Contains(e, "no diagnostic was reported") || !want[where] {
			t.Errorf("unexpected: %s", e)
		}
		missing[where] = true
	}
	if len(want) == 0 || len(missing) != len(want) {
		t.Errorf("%d of the %d expected findings went missing: %q", len(missing), len(want), got.errors)
	}
}

// recorder collects what analysistest reports.
type recorder struct{ errors []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
