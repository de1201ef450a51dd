// A look-alike: one variable holds two groups in turn. The first, made
// with new(errgroup.Group), has no context, so its tasks rightly use the
// parent's; only the tasks of the second, made later with WithContext,
// have a group context to use. From: interchaintest chain/cosmos
// (CosmosChain.Start: eg := new(errgroup.Group), and further down eg,
// egCtx := errgroup.WithContext(ctx)).
package groupctx

import (
	"context"

	"golang.org/x/sync/errgroup"
)

func initThenStart(ctx context.Context, nodes []int) error {
	eg := new(errgroup.Group)
	for _, n := range nodes {
		eg.Go(func() error {
			return stage(ctx, n) // no group context exists yet: ctx is right
		})
	}
	if err := eg.Wait(); err != nil {
		return err
	}
	eg, egCtx := errgroup.WithContext(ctx)
	for _, n := range nodes {
		eg.Go(func() error {
			return stage(ctx, n) // want `task uses ctx, which is not cancelled when another task fails`
		})
	}
	if err := eg.Wait(); err != nil {
		return err
	}
	_ = egCtx
	var plain errgroup.Group
	plain.Go(func() error { return stage(ctx, 0) })
	return plain.Wait()
}
