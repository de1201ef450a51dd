package blockingsend_test

import (
	"testing"

	"github.com/leash-go/leash/lint/blockingsend"
	"github.com/leash-go/leash/lint/internal/checktest"
)

// TestSharedStop runs the rule for a send whose goroutine checks the stop
// channel its receiver leaves on, and its look-alikes.
func TestSharedStop(t *testing.T) {
	checktest.Run(t, blockingsend.Analyzer, "sharedstop")
}
