package helpers

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Fetch hands a context derived from its own to the standard library's
// I/O, which stops when it is cancelled.
func Fetch(ctx context.Context, url string) (*http.Request, error) { // want Fetch:"summary\\(param 0: watched\\)"
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return http.NewRequestWithContext(tctx, http.MethodGet, url, nil)
}

// Retry watches through a function of its package.
func Retry(ctx context.Context) error { // want Retry:"summary\\(param 0: watched\\)"
	return wait(ctx)
}

func wait(ctx context.Context) error { return ctx.Err() }

// Keep stores its context: what cancelling it does is out of sight, so
// there is no summary.
func Keep(ctx context.Context) *Job { return &Job{ctx: ctx} }

// Job keeps a context for later.
type Job struct{ ctx context.Context }

// Log hands its context to the logger, which reads values from it: no
// summary either (slog is no Logger of this package).
func Log(ctx context.Context) {
	slog.InfoContext(ctx, "hello")
}

// Call hands its context to a function value it was given: out of sight.
func Call(ctx context.Context, f func(context.Context) error) error {
	return f(ctx)
}

// Detach gives up its context's cancellation on purpose.
func Detach(ctx context.Context) error {
	return wait(context.WithoutCancel(ctx))
}
