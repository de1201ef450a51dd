package blockingsend

import (
	"context"
	"time"
)

// A supervisor that reports its first start and then restarts the process
// until cancelled, the shape of k0s's supervisor: the first round always
// sends (restarts is 0 there), and every return comes after it, so the
// receive below always completes.
func superviseFirstStart(ctx context.Context, start func() error, wait func() bool) error {
	started := make(chan error, 1)
	go func() {
		restarts := 0
		for {
			if err := start(); err != nil {
				if restarts == 0 {
					started <- err
					return
				}
			} else {
				if restarts == 0 {
					started <- nil
				}
				restarts++
				if wait() {
					return
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
	}()
	return <-started
}

// The look-alike: the count is taken before the first report, so a
// failed first start is not reported, and the goroutine can return when
// ctx ends without sending.
func superviseCountedFirst(ctx context.Context, start func() error, wait func() bool) error {
	started := make(chan error, 1)
	go func() {
		restarts := 0
		for {
			restarts++
			if err := start(); err != nil {
				if restarts == 0 {
					started <- err
					return
				}
			} else {
				if restarts == 1 {
					started <- nil
				}
				if wait() {
					return
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
	}()
	return <-started // want `receive from started blocks forever when the goroutine started at line \d+ returns at line \d+ without sending on it or closing it`
}
