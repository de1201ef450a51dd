package groupctx

import (
	"context"
	"errors"
	"log/slog"

	"golang.org/x/sync/errgroup"
)

func open(name string) error { return nil }

// Fine: on its way out with an error the task logs with the caller's
// context; its own error is about to cancel the group's, and the log line
// needs a context that outlives it.
func openAll(ctx context.Context, names []string) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, n := range names {
		g.Go(func() error {
			if err := open(n); err != nil {
				slog.ErrorContext(ctx, "open failed", "name", n, "err", err)
				return err
			}
			return fetch(gctx, n)
		})
	}
	return g.Wait()
}

// A look-alike: the work itself is what the failing branch returns.
func openOrFetch(ctx context.Context, names []string) error {
	g2, gctx := errgroup.WithContext(ctx)
	for _, n := range names {
		g2.Go(func() error {
			if n == "" {
				return errors.Join(errors.New("empty name"), fetch(ctx, n)) // want `task uses ctx, which is not cancelled when another task fails: use the group's context gctx`
			}
			return fetch(gctx, n)
		})
	}
	return g2.Wait()
}

// Fine: the same in a callback whose error the task hands on.
func openTree(ctx context.Context, roots []string, walk func(root string, visit func(string) error) error) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, r := range roots {
		g.Go(func() error {
			return walk(r, func(name string) error {
				if err := open(name); err != nil {
					slog.ErrorContext(ctx, "open failed", "name", name, "err", err)
					return err
				}
				return fetch(gctx, name)
			})
		})
	}
	return g.Wait()
}
