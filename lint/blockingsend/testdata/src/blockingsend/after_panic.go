package blockingsend

import (
	"context"
	"fmt"
)

// Look-alikes of the recovered panics the default rules leave alone (see
// the audit's after_panic.go): an error returned, not a panic, is how the
// goroutine ends in normal running, and the first-error leak stays
// reported; and a recovery helper that also sends outside its recover
// branch sends whether or not anything panicked.
func consumeErrors(ctx context.Context, events <-chan int, process func(int) error) error {
	errs := make(chan error, 1)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-errs:
			return err
		case e, ok := <-events:
			if !ok {
				return nil
			}
			go func() {
				if err := process(e); err != nil {
					errs <- err // want `send on errs can block forever`
				}
			}()
		}
	}
}

func consumeDone(ctx context.Context, events <-chan int, process func(int)) error {
	errs := make(chan error, 1)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-errs:
			if err != nil {
				return err
			}
		case e, ok := <-events:
			if !ok {
				return nil
			}
			go func() {
				defer recoverOrDone(errs) // want `send on errs can block forever`
				process(e)
			}()
		}
	}
}

func recoverOrDone(errs chan<- error) {
	if r := recover(); r != nil {
		errs <- fmt.Errorf("job panicked: %v", r)
		return
	}
	errs <- nil
}
