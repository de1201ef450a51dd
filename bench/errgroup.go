package bench

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// errgroup is used as the playbook uses it: WithContext, SetLimit for the
// bound, one Go per item — which starts one goroutine per item, as many at
// once as the limit allows — and each task writing its own slot for an
// ordered result. It has no ordered streaming.

func errgroupForEach(ctx context.Context, in []int, limit int, fn func(context.Context, int) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for _, item := range in {
		g.Go(func() error { return fn(ctx, item) })
	}
	return g.Wait()
}

func errgroupMap(ctx context.Context, in []int, limit int, fn func(context.Context, int) (uint64, error)) ([]uint64, error) {
	out := make([]uint64, len(in))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for i, item := range in {
		g.Go(func() error {
			var err error
			out[i], err = fn(ctx, item)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

func errgroupGroup(ctx context.Context, n, limit int, task func(context.Context, int) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for i := range n {
		g.Go(func() error { return task(ctx, i) })
	}
	return g.Wait()
}
