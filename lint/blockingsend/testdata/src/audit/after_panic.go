// Sends made only once a goroutine has panicked: a deferred recovery that
// reports the panic on the job's error channel. The receiver leaves on
// ctx.Done() (or the first panic), so a second panic strands its goroutine;
// but that goroutine has already failed, and the failure has been reported.
// From: axelarnetwork/tm-events events/filter.go:41-53 (Consume's
// recovery(errs)). The default rules leave it alone; the audit reports it.
package audit

import (
	"context"
	"fmt"
)

func consume(ctx context.Context, events <-chan int, process func(int)) error {
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
				defer recovery(errs) // want `send on errs can block forever`
				process(e)
			}()
		}
	}
}

func recovery(errs chan<- error) {
	if r := recover(); r != nil {
		errs <- fmt.Errorf("job panicked: %v", r)
	}
}

// The same recovery written in place.
func consumeInline(ctx context.Context, events <-chan int, process func(int)) error {
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
				defer func() { // want `send on errs can block forever`
					if recover() != nil {
						errs <- fmt.Errorf("job %d panicked", e)
					}
				}()
				process(e)
			}()
		}
	}
}
