// Not a leak that outlives a passing test: an assertion helper, kept in a
// non-test file, waits for a callback with a timeout and fails the test
// when the timer wins. The test stands for itself by an interface of its
// own (TestingT: Helper and Errorf, as testify's), or goes through an
// assertion library's Fail; the goroutine stranded on done is one of a
// test that has already failed. Fine as is.
// A leak: the same wait where the interface is a logger, not a test.
package devshapes

import (
	"time"

	"example.com/check/assert"
)

// TestingT stands for the test.
type TestingT interface {
	Helper()
	Errorf(format string, args ...any)
}

func callbackWithin(t TestingT, d time.Duration, callback func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		callback()
		done <- struct{}{}
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Errorf("callback did not return within %v", d)
	}
}

func callbackWithinFail(t assert.TestingT, d time.Duration, callback func()) {
	done := make(chan struct{})
	go func() {
		callback()
		done <- struct{}{}
	}()
	select {
	case <-done:
	case <-time.After(d):
		assert.Fail(t, "callback did not return in time")
	}
}

// Logger is not a test: it reports and goes on.
type Logger interface {
	Errorf(format string, args ...any)
	Infof(format string, args ...any)
}

func callbackWithinLogged(log Logger, d time.Duration, callback func()) {
	done := make(chan struct{})
	go func() {
		callback()
		done <- struct{}{} // want `send on done can block forever`
	}()
	select {
	case <-done:
	case <-time.After(d):
		log.Errorf("callback did not return within %v", d)
	}
}
