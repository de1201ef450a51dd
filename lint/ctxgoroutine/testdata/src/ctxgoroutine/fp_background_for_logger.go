// A look-alike that is harmless: context.Background() passed only to fetch a logger
// (log.G(ctx) style), in a goroutine that watches a process's exit for as long as the
// sandbox lives. From: containerd internal/cri/server/podsandbox/recover.go:162 and
// sandbox_run.go:328 (log.G(context.Background()).Warnf(...) inside go func() {
// c.waitSandboxExit(...) }()). Why harmless: nothing is started with the context; the
// logger lookup reads a value. The goroutine's lifetime is the sandbox's exit channel, by
// design not the request's context.
//
// The audit rules, which guess, report it.
package ctxgoroutine

import (
	"context"
	"log"
)

type loggerKey struct{}

func loggerFrom(ctx context.Context) *log.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*log.Logger); ok {
		return l
	}
	return log.Default()
}

func startSandboxExitMonitor(ctx context.Context, exitCh <-chan int, onExit func(int) error) {
	loggerFrom(ctx).Print("starting exit monitor")
	go func() {
		code := <-exitCh
		if err := onExit(code); err != nil {
			loggerFrom(context.Background()).Printf("failed to handle sandbox exit: %v", err) // want `context.Background\(\) in a goroutine that has ctx`
		}
	}()
}
