package fixes

import (
	"context"

	"golang.org/x/sync/errgroup"
)

func fetchOne(ctx context.Context, id string) error { return nil }

func FetchAll(ctx context.Context, ids []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g.Go(func() error { // want `g.Go per element of ids with no limit`
			return fetchOne(ctx, id)
		})
	}
	return g.Wait()
}

// No fix: the tasks talk to each other over a channel, and a limit could
// leave a sender waiting for a receiver that cannot start.
func Pipeline(ctx context.Context, ids []string) error {
	var g errgroup.Group
	found := make(chan string)
	for _, id := range ids {
		g.Go(func() error { // want `g.Go per element of ids with no limit`
			found <- id
			return nil
		})
	}
	g.Go(func() error {
		for range ids {
			<-found
		}
		return nil
	})
	return g.Wait()
}
