package swallowederr_test

import (
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/swallowederr"
)

func TestAnalyzer(t *testing.T) {
	checktest.RunWithSuggestedFixes(t, swallowederr.Analyzer, "swallowederr")
}
