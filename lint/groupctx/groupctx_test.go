package groupctx_test

import (
	"testing"

	"github.com/leash-go/leash/lint/groupctx"
	"github.com/leash-go/leash/lint/internal/checktest"
)

func TestAnalyzer(t *testing.T) {
	checktest.RunWithSuggestedFixes(t, groupctx.Analyzer, "groupctx")
}
