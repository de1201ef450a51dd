package leash

import "context"

// Send sends v on ch, or gives up when ctx ends first and returns ctx.Err().
// It is the playbook's guarded send: a goroutine that sends on a channel
// whose reader has gone (after an error, a timeout, a cancellation) blocks
// forever and leaks, unless the send also waits for the context.
//
// If ctx has already ended, Send returns its error without sending, even if
// ch has room. Like a plain send, Send panics if ch is closed, and on a nil
// channel waits for ctx to end. It panics if ctx is nil.
func Send[T any](ctx context.Context, ch chan<- T, v T) error {
	mustHaveContext(ctx)
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case ch <- v:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Recv receives from ch, or gives up when ctx ends first and returns
// ctx.Err(). A closed channel is reported as ok == false with a nil error,
// as `v, ok := <-ch` does, so a loop can tell "no more values" from "stop".
//
// If ctx has already ended, Recv returns its error without receiving. Like a
// plain receive, Recv on a nil channel waits for ctx to end. It panics if ctx
// is nil.
func Recv[T any](ctx context.Context, ch <-chan T) (v T, ok bool, err error) {
	mustHaveContext(ctx)
	if err := ctx.Err(); err != nil {
		return v, false, err
	}
	select {
	case v, ok = <-ch:
		return v, ok, nil
	case <-ctx.Done():
		return v, false, ctx.Err()
	}
}
