// A leak: the only receive is a non-blocking poll (select with default) in the consumer's
// Read, and the producer's send ignores the context. From: containerd
// core/transfer/streaming/reader.go:62/68 (rbs.errCh unbuffered; Read polls it with
// `default:` and returns on ctx.Done; the window-update goroutine does rbs.errCh <- err).
// Why a bug: once ctx is cancelled (or the reader stops calling Read after EOF), the next
// failing stream.Send makes the goroutine block forever on errCh. Fix: send in a select
// with <-ctx.Done(), or buffer errCh by 1 and stop after the first error.
package audit

import "context"

type byteStream struct {
	ctx   context.Context
	errCh chan error
}

func readByteStream(ctx context.Context, send func() error) *byteStream {
	rbs := &byteStream{ctx: ctx, errCh: make(chan error)}
	go func() {
		for {
			if err := send(); err != nil {
				rbs.errCh <- err // want `send on rbs.errCh can block forever`
				return
			}
		}
	}()
	return rbs
}

func (r *byteStream) Read(p []byte) (int, error) {
	select {
	case <-r.ctx.Done():
		return 0, r.ctx.Err()
	case err := <-r.errCh:
		return 0, err
	default:
	}
	return len(p), nil
}
