package groupctx

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Fine: every task returns nil, recording its failure to retry it after
// Wait, so no task ever cancels the group's context before Wait does.
func validateAll(ctx context.Context, names []string) []string {
	g, gctx := errgroup.WithContext(ctx)
	var mu sync.Mutex
	var retry []string
	for _, n := range names {
		g.Go(func() error {
			if err := fetch(ctx, n); err != nil {
				mu.Lock()
				retry = append(retry, n)
				mu.Unlock()
			}
			return nil
		})
	}
	_ = g.Wait()
	_ = gctx
	return retry
}

// A look-alike: one task of the group can fail, and its failure should
// stop the others.
func validateOrFail(ctx context.Context, names []string) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, n := range names {
		g.Go(func() error {
			_ = fetch(ctx, n) // want `task uses ctx, which is not cancelled when another task fails: use the group's context gctx`
			return nil
		})
	}
	g.Go(func() error { return fetch(gctx, "last") })
	return g.Wait()
}

// Fine: the group variable is given a second group, whose tasks never
// fail; the first group's failing tasks are no concern of the second's.
func fetchThenValidate(ctx context.Context, names []string) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, n := range names {
		g.Go(func() error { return fetch(gctx, n) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	g, gctx = errgroup.WithContext(ctx)
	for _, n := range names {
		g.Go(func() error {
			_ = fetch(ctx, n)
			return nil
		})
	}
	_ = gctx
	return g.Wait()
}
