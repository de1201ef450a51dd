package loopcapture_test

import (
	"path/filepath"
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/loopcapture"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	checktest.RunWithSuggestedFixes(t, loopcapture.Analyzer, "loopcapture", "modern", "unknown")
}

// TestModuleVersion checks that the go directive of a module decides.
func TestModuleVersion(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "mod"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, loopcapture.Analyzer, "./...")
}
