// A look-alike that is harmless: the group's context used after Wait only to read a value
// (a logger, a stats group), never to start work. From: rclone
// fs/operations/operations.go:106/110 (g, ctx := errgroup.WithContext(ctx); ... g.Wait();
// err = fs.CountError(ctx, srcErr), which looks up the stats group in ctx's values);
// containerd core/remotes/docker/fetcher.go:597 (log.G(ctx) after eg.Wait()). Why harmless:
// a cancelled context still carries its values. Reading them is what the check's doc
// already allows for Value/Err/Deadline; a helper that only calls ctx.Value (a function
// summary) is the same. Stay silent unless the context reaches something that blocks or
// does I/O.
package groupctx

import (
	"context"
	"errors"
	"log"

	"golang.org/x/sync/errgroup"
)

type statsKey struct{}

func countError(ctx context.Context, err error) error {
	if n, ok := ctx.Value(statsKey{}).(*int); ok {
		*n++
	}
	return err
}

func checkHashes(ctx context.Context, src, dst func(context.Context) (string, error)) (bool, error) {
	g, ctx := errgroup.WithContext(ctx)
	var srcHash, dstHash string
	var srcErr error
	g.Go(func() error { srcHash, srcErr = src(ctx); return srcErr })
	g.Go(func() (err error) { dstHash, err = dst(ctx); return err })
	err := g.Wait()
	if srcErr != nil {
		err = countError(ctx, srcErr)
		log.Printf("src hash: %v", err)
	}
	if err != nil {
		return false, errors.Join(err)
	}
	return srcHash == dstHash, nil
}
