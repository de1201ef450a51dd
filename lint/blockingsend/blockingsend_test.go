package blockingsend_test

import (
	"testing"

	"github.com/leash-go/leash/lint/blockingsend"
	"github.com/leash-go/leash/lint/internal/checktest"
)

func TestBlockingSend(t *testing.T) {
	checktest.Run(t, blockingsend.Analyzer, "blockingsend")
}

func TestBlockingSendFixes(t *testing.T) {
	checktest.RunWithSuggestedFixes(t, blockingsend.Analyzer, "fixes")
}
