package bench

import (
	"context"
	"iter"

	"github.com/leash-go/leash"
)

// leash is used as its documentation shows, with the workload's limit as
// Limit: one call per job, and the Group for a loop of Go calls.

func leashForEach(ctx context.Context, in []int, limit int, fn func(context.Context, int) error) error {
	return leash.ForEach(ctx, in, fn, leash.Limit(limit))
}

func leashMap(ctx context.Context, in []int, limit int, fn func(context.Context, int) (uint64, error)) ([]uint64, error) {
	return leash.Map(ctx, in, fn, leash.Limit(limit))
}

func leashMapSeq(ctx context.Context, in iter.Seq[int], limit int, fn func(context.Context, int) (uint64, error), sink func(uint64)) error {
	for v, err := range leash.MapSeq(ctx, in, fn, leash.Limit(limit)) {
		if err != nil {
			return err
		}
		sink(v)
	}
	return nil
}

func leashGroup(ctx context.Context, n, limit int, task func(context.Context, int) error) error {
	g := leash.NewGroup(ctx, leash.Limit(limit))
	for i := range n {
		g.Go(func(ctx context.Context) error { return task(ctx, i) })
	}
	return g.Wait()
}
