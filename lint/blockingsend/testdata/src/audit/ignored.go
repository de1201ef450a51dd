// What -blockingsend.audit reports: sends whose receiver may leave, when
// whether it does is out of sight. TestBlockingSend checks that the
// default rules report none of it.

package audit

import (
	"context"
	"errors"
)

type transport struct {
	events  chan int
	stopper chan struct{}
}

func (t *transport) stopped() <-chan struct{} { return t.stopper }

// The check-then-block loop: the select notices stop, the send does not.
func (t *transport) pump(out chan<- int) {
	for {
		select {
		case <-t.stopped():
			return
		default:
			out <- 1 // want `send on out ignores <-t.stopped\(\), which this function watches at line \d+: it blocks forever once the receiver has gone; send in a select with <-t.stopped\(\) too`
		}
	}
}

// The send sits in the very select that watches ctx.Done().
func forward(ctx context.Context, in <-chan int, out chan<- int) {
	select {
	case v := <-in:
		out <- v // want `send on out ignores <-ctx.Done\(\)`
	case <-ctx.Done():
	}
}

// Fine: every send is guarded.
func forwardAll(ctx context.Context, in <-chan int, out chan<- int) error {
	for {
		select {
		case v := <-in:
			select {
			case out <- v:
			case <-ctx.Done():
				return ctx.Err()
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Fine: a select with a timeout is not cancellation.
func handshake(ready, ack chan struct{}, quit chan bool) {
	select {
	case <-ready:
	case <-quit:
	}
	ack <- struct{}{}
}

type writeRequest struct{ ch chan error }

// Fine: the request's channel is made with room for the answer.
func roundTrip(requests chan writeRequest) error {
	errc := make(chan error, 1)
	requests <- writeRequest{ch: errc}
	return <-errc
}

func writeLoop(requests chan writeRequest, closech chan struct{}, write func() error) {
	for {
		select {
		case wr := <-requests:
			wr.ch <- write()
		case <-closech:
			return
		}
	}
}

// Fine: the body's close always waits for eofc.
func readLoop(ctx context.Context, bodyRead chan bool, wait func(func())) {
	eofc := make(chan struct{})
	wait(func() { <-eofc })
	select {
	case eof := <-bodyRead:
		if eof {
			eofc <- struct{}{}
		}
	case <-ctx.Done():
	}
}

// Only the second send can block: the first fits in the buffer. The
// second is made only when closed() holds, which the default rules do not
// count against the receiver.
func Verify(ctx context.Context, changed, closed func() bool) error {
	errCh := make(chan error, 1)
	go func() {
		if changed() {
			errCh <- errors.New("changed")
			return
		}
		if closed() {
			errCh <- errors.New("closed")
		}
		errCh <- nil // want `send on errCh can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
	}()
	select {
	case err := <-errCh:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
