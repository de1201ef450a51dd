// A context whose cancel runs only once the process is told to stop (after
// a receive from a channel signal.Notify feeds) or once its server has
// stopped ends no sooner than one from signal.NotifyContext: only as the
// program does. A receiver that gives up on it strands its sender only at
// exit. From: sorintlab/stolon's keeper and sentinel (cmd/keeper/cmd/
// keeper.go:851, cancel handed to sigHandler, which calls it after
// <-sigs, and called again if the metrics server fails). Reported only
// under -blockingsend.audit.
package audit

import (
	"context"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

func check() error { return nil }

// keeperStart is the daemon's loop; its one caller passes the context below.
func keeperStart(ctx context.Context) error {
	end := make(chan error)
	go func() {
		end <- check() // want `send on end can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
	}()
	select {
	case err := <-end:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func sigHandler(sigs chan os.Signal, cancel context.CancelFunc) {
	s := <-sigs
	_ = s
	cancel()
}

func keeperMain(metrics string) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	go sigHandler(sigs, cancel)
	go func() {
		if err := http.ListenAndServe(metrics, nil); err != nil {
			cancel()
		}
	}()
	_ = keeperStart(ctx)
}

// The same with the handler written in place, in a select.
func sentinelStart(ctx context.Context) error {
	end := make(chan error)
	go func() {
		end <- check() // want `send on end can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
	}()
	select {
	case err := <-end:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func sentinelMain(done chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	go func() {
		select {
		case <-sigs:
			cancel()
		case <-done:
		}
	}()
	_ = sentinelStart(ctx)
}
