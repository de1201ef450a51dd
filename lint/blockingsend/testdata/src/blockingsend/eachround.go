package blockingsend

import (
	"context"
	"time"
)

type roundWorker struct{ ready chan struct{} }

func (w *roundWorker) Run() error             { return nil }
func (w *roundWorker) Ready() <-chan struct{} { return w.ready }

// A channel made in each round of a loop, whose select gives up and goes
// on to the next round: that round makes a new channel, and the last
// one's sender is stranded.
func StartEach(workers []*roundWorker) {
	for _, w := range workers {
		errc := make(chan error)
		go func() {
			errc <- w.Run() // want `send on errc can block forever: the receiver stops waiting when <-w.Ready\(\) wins the select`
		}()
		select {
		case err := <-errc:
			_ = err
		case <-w.Ready():
			continue
		}
	}
}

func PingEach(ctx context.Context, hosts []string) {
	for _, h := range hosts {
		done := make(chan error)
		go func() {
			done <- check(ctx, h) // want `send on done can block forever: the receiver stops waiting when <-time.After\(time.Second\) wins the select`
		}()
		select {
		case <-done:
		case <-time.After(time.Second):
		}
	}
}

// Look-alikes: a buffer of one holds the value the round left; the
// channels kept in a slice are drained after the loop.
func PingEachBuffered(ctx context.Context, hosts []string) {
	for _, h := range hosts {
		done := make(chan error, 1)
		go func() { done <- check(ctx, h) }()
		select {
		case <-done:
		case <-time.After(time.Second):
		}
	}
}

func PingEachKept(ctx context.Context, hosts []string) {
	var pending []chan error
	for _, h := range hosts {
		done := make(chan error)
		go func() { done <- check(ctx, h) }()
		select {
		case <-done:
		case <-time.After(time.Second):
			pending = append(pending, done)
		}
	}
	for _, ch := range pending {
		<-ch
	}
}
