package wgadd_test

import (
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/wgadd"
)

func TestAnalyzer(t *testing.T) {
	checktest.RunWithSuggestedFixes(t, wgadd.Analyzer, "wgadd")
}
