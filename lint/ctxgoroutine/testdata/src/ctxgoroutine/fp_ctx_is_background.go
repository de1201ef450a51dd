// A look-alike that is harmless: the "context at hand" is context.Background() itself, and
// the polling goroutine has its own deadline. From: containerd
// integration/shim_dial_unix_test.go:97 (ctx = context.Background(); a retry loop that
// sleeps 10ms between dials and gives up after `to := time.After(10 * time.Second)`). Why
// harmless: there is no cancellation to respect; the loop ends by its own deadline or on
// the first non-retryable result.
package ctxgoroutine

import (
	"context"
	"errors"
	"net"
	"syscall"
	"time"
)

func waitForServer(addr string, serve func(context.Context), dial func(string) (net.Conn, error)) error {
	ctx := context.Background()
	go serve(ctx)
	errCh := make(chan error, 1)
	go func() {
		to := time.After(10 * time.Second)
		for {
			select {
			case <-to:
				errCh <- errors.New("timeout")
				return
			default:
			}
			conn, err := dial(addr)
			if errors.Is(err, syscall.ECONNREFUSED) {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			if conn != nil {
				conn.Close()
			}
			errCh <- err
			return
		}
	}()
	return <-errCh
}
