package unboundedgo_test

import (
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/unboundedgo"
)

func TestUnboundedGo(t *testing.T) {
	checktest.Run(t, unboundedgo.Analyzer, "unboundedgo")
}

func TestUnboundedGoFixes(t *testing.T) {
	checktest.RunWithSuggestedFixes(t, unboundedgo.Analyzer, "fixes")
}
