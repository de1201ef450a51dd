// A look-alike that is harmless: a buffer that holds the one send each of its goroutines
// makes, in a function that starts over with a new channel. From: Xray-core
// transport/internet/finalmask/realm/server.go:249 and :250 (retry: ...; errCh := make(chan
// error, 2); go c.heartbeatLoop(ctx, ..., errCh); go c.eventsLoop(ctx, ..., errCh); select {
// case <-c.ctx.Done(): case err = <-errCh: }; cancel(); ...; goto retry). Why harmless: each
// loop sends at most once on any run, on one of several paths, then returns; two sends fit
// in the buffer of two, and each round makes a channel of its own.
package devshapes

import (
	"context"
	"errors"
	"time"
)

type session struct {
	ctx       context.Context
	heartbeat func(context.Context) error
	next      func(context.Context) (string, error)
}

func (s *session) heartbeatLoop(ctx context.Context, errCh chan<- error) {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			errCh <- nil
			return
		case <-ticker.C:
			if err := s.heartbeat(ctx); err != nil {
				if errors.Is(err, context.DeadlineExceeded) {
					continue
				}
				errCh <- err
				return
			}
		}
	}
}

func (s *session) eventsLoop(ctx context.Context, errCh chan<- error) {
	for {
		ev, err := s.next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				errCh <- nil
				return
			}
			errCh <- err
			return
		}
		_ = ev
	}
}

func (s *session) run() {
retry:
	ctx, cancel := context.WithCancel(context.Background())
	errCh := make(chan error, 2)
	go s.heartbeatLoop(ctx, errCh)
	go s.eventsLoop(ctx, errCh)
	select {
	case <-s.ctx.Done():
	case <-errCh:
	}
	cancel()
	select {
	case <-s.ctx.Done():
		return
	default:
		goto retry
	}
}

// The same without the retry.
func (s *session) runOnce() error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errCh := make(chan error, 2)
	go s.heartbeatLoop(ctx, errCh)
	go s.eventsLoop(ctx, errCh)
	select {
	case <-s.ctx.Done():
		return s.ctx.Err()
	case err := <-errCh:
		return err
	}
}

// The same in a for loop.
func (s *session) runLoop() {
	for {
		ctx, cancel := context.WithCancel(context.Background())
		errCh := make(chan error, 2)
		go s.heartbeatLoop(ctx, errCh)
		go s.eventsLoop(ctx, errCh)
		select {
		case <-s.ctx.Done():
			cancel()
			return
		case <-errCh:
		}
		cancel()
	}
}
