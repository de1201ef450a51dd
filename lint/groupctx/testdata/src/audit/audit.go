package audit

import (
	"context"

	"golang.org/x/sync/errgroup"
)

func fetch(ctx context.Context, url string) error { return nil }

// The group's context thrown away: a style matter when the tasks take no
// context, reported only with -groupctx.audit.
func discarded(ctx context.Context, urls []string) error {
	g, _ := errgroup.WithContext(ctx) // want `the context errgroup.WithContext returns is discarded, so tasks are not cancelled when one fails`
	for _, u := range urls {
		g.Go(func() error { return fetch(ctx, u) })
	}
	return g.Wait()
}
