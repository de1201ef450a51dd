// Package faket provides a testing.TB that records failures instead of
// failing, so that tests of a test helper can check what it reports.
package faket

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// T is a testing.TB that records what it is told to report. Methods it does
// not record go to the real test or benchmark it wraps.
type T struct {
	testing.TB // the real test, for the methods T does not record
	name       string

	mu       sync.Mutex
	errors   []string
	logs     []string
	cleanups []func()
}

// Run runs body as the test function of a fake test called name, on a
// goroutine of its own as the testing package does, then runs the cleanups
// it registered, last first, on that goroutine. It returns when they are done.
func Run(tb testing.TB, name string, body func(t *T)) *T {
	t := &T{TB: tb, name: name}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer t.cleanup()
		body(t)
	}()
	<-done
	return t
}

func (t *T) cleanup() {
	for {
		t.mu.Lock()
		n := len(t.cleanups)
		if n == 0 {
			t.mu.Unlock()
			return
		}
		fn := t.cleanups[n-1]
		t.cleanups = t.cleanups[:n-1]
		t.mu.Unlock()
		fn()
	}
}

func (t *T) Name() string { return t.name }
func (t *T) Helper()      {}

func (t *T) Cleanup(fn func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.cleanups = append(t.cleanups, fn)
}

func (t *T) Error(args ...any) { t.record(&t.errors, fmt.Sprint(args...)) }
func (t *T) Errorf(format string, args ...any) {
	t.record(&t.errors, fmt.Sprintf(format, args...))
}
func (t *T) Fail()                           { t.record(&t.errors, "") }
func (t *T) Log(args ...any)                 { t.record(&t.logs, fmt.Sprint(args...)) }
func (t *T) Logf(format string, args ...any) { t.record(&t.logs, fmt.Sprintf(format, args...)) }

func (t *T) record(to *[]string, s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	*to = append(*to, s)
}

// Failed reports whether the fake test failed.
func (t *T) Failed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.errors) > 0
}

// Report returns the failures, one a line.
func (t *T) Report() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.errors, "\n")
}

// Logs returns what the fake test logged, one entry a line.
func (t *T) Logs() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.logs, "\n")
}
