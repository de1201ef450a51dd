package blockingsend_test

import (
	"testing"

	"github.com/leash-go/leash/lint/blockingsend"
	"github.com/leash-go/leash/lint/internal/checktest"
)

// TestAfterStop runs the rule for a send the package makes after the stop
// of its receiver, and its look-alikes.
func TestAfterStop(t *testing.T) {
	checktest.Run(t, blockingsend.Analyzer, "afterstop")
}
