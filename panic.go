package leash

import (
	"errors"
	"fmt"
	"runtime/debug"
)

// A PanicError is a task's panic, caught in the goroutine that ran the task
// and re-raised in the goroutine that waits for it (Wait, Map, ForEach, …).
// Without it a panic in a worker goroutine would crash the whole program
// before any deferred cleanup of the caller ran; with it the caller's defers
// run and a recover in the caller sees the panic.
type PanicError struct {
	Value any    // what the task panicked with
	Stack []byte // the panicking goroutine's stack, where the panic happened
}

// Error reports the panic's value followed by the stack of the goroutine that
// panicked, so that a re-raised panic still shows where it came from.
func (p *PanicError) Error() string {
	return fmt.Sprintf("leash: task panicked: %v\n\n%s", p.Value, p.Stack)
}

// Unwrap returns the panic's value when it is an error, so that errors.Is and
// errors.As see through the panic to what caused it.
func (p *PanicError) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

// errGoexit is recorded when a task ends its goroutine with runtime.Goexit
// (for example by calling t.FailNow from a task), which neither returns nor
// panics.
var errGoexit = errors.New("leash: task called runtime.Goexit")

// newPanicError captures the stack of the current goroutine; call it from the
// deferred function that recovered v.
func newPanicError(v any) *PanicError {
	return &PanicError{Value: v, Stack: debug.Stack()}
}
