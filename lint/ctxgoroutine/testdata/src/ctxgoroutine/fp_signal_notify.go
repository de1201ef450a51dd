// A look-alike that is harmless: signal.Notify taken for a call "that has a variant taking
// a context" (NotifyContext). Notify does not block; the goroutine already returns on
// ctx.Done(). From: containerd pkg/shim/shim_unix.go:96 (handleExitSignals:
// signal.Notify(ch, SIGINT, SIGTERM); for { select { case s := <-ch: cancel(); return; case
// <-ctx.Done(): return } }); cmd/containerd-stress/main.go:314/399 (same call in a CLI's
// process-lifetime goroutine). Why harmless: "X next to XContext" is a name rule; Notify
// registers a channel and returns.
//
// The audit rules, which guess, report it.
package ctxgoroutine

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func handleExitSignals(ctx context.Context, cancel context.CancelFunc) {
	ch := make(chan os.Signal, 32)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM) // want `signal.Notify cannot be cancelled`
	defer signal.Stop(ch)
	for {
		select {
		case <-ch:
			cancel()
			return
		case <-ctx.Done():
			return
		}
	}
}

func runShim(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go handleExitSignals(ctx, cancel)
	<-ctx.Done()
}
