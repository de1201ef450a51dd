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

// TestAfterStop runs the rule for a send the package makes after the stop
// of its receiver, and its look-alikes.
func TestAfterStop(t *testing.T) {
	checktest.Run(t, blockingsend.Analyzer, "afterstop")
}

// TestOverfill runs the rule for a send past the buffer of a channel its
// goroutine has not handed on yet, and its look-alikes.
func TestOverfill(t *testing.T) {
	checktest.Run(t, blockingsend.Analyzer, "overfill")
}
