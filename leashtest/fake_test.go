package leashtest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// fakeT is a testing.TB that records failures instead of failing the test
// running it, so that tests can check what a failing check reports.
type fakeT struct {
	testing.TB // the real test, for the methods fakeT does not record
	name       string

	mu       sync.Mutex
	errors   []string
	logs     []string
	cleanups []func()
}

func (f *fakeT) Name() string { return f.name }
func (f *fakeT) Helper()      {}

func (f *fakeT) Cleanup(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleanups = append(f.cleanups, fn)
}

func (f *fakeT) Error(args ...any) { f.record(&f.errors, fmt.Sprint(args...)) }
func (f *fakeT) Errorf(format string, args ...any) {
	f.record(&f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeT) Log(args ...any)                 { f.record(&f.logs, fmt.Sprint(args...)) }
func (f *fakeT) Logf(format string, args ...any) { f.record(&f.logs, fmt.Sprintf(format, args...)) }

func (f *fakeT) record(to *[]string, s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	*to = append(*to, s)
}

// report returns everything the fake test failed with.
func (f *fakeT) report() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.errors, "\n")
}

func (f *fakeT) failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.errors) > 0
}

// runFake runs body as the test function of a fake test called name, on a
// goroutine of its own as the testing package does, then runs its cleanups.
func runFake(t testing.TB, name string, body func(t *fakeT)) *fakeT {
	f := &fakeT{TB: t, name: name}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			for i := len(f.cleanups) - 1; i >= 0; i-- {
				f.cleanups[i]()
			}
		}()
		body(f)
	}()
	<-done
	return f
}
