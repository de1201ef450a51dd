package blockingsend

import (
	"errors"
	"testing"
	"time"
)

// In a test, the way out of the select is the test's timeout: the sender
// is stranded only when the test has failed anyway, and dies with the test
// binary. Reported only with -blockingsend.audit (see audit/intest_test.go).
func TestWaitsWithTimeout(t *testing.T) {
	done := make(chan error)
	go func() { done <- errors.New("late") }()
	select {
	case err := <-done:
		_ = err
	case <-time.After(time.Second):
		t.Log("timed out")
		return
	}
}
