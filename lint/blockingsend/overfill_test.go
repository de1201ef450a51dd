package blockingsend_test

import (
	"testing"

	"github.com/leash-go/leash/lint/blockingsend"
	"github.com/leash-go/leash/lint/internal/checktest"
)

// TestOverfill runs the rule for a send past the buffer of a channel its
// goroutine has not handed on yet, and its look-alikes.
func TestOverfill(t *testing.T) {
	checktest.Run(t, blockingsend.Analyzer, "overfill")
}
