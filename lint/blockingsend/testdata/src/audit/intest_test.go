package audit

import (
	"errors"
	"testing"
	"time"
)

// With -blockingsend.audit, a test's own leaks are reported too.
func TestWaitsWithTimeout(t *testing.T) {
	done := make(chan error)
	go func() { done <- errors.New("late") }() // want `send on done can block forever: the receiver stops waiting when <-time.After\(time.Second\) wins the select`
	select {
	case err := <-done:
		_ = err
	case <-time.After(time.Second):
		t.Log("timed out")
		return
	}
}
