// A look-alike that is harmless: a task uses the parent context only to read a value (which
// stats group to count an error in); the work itself uses the group's context. From: rclone
// fs/sync/sync.go:1220 and fs/operations/operations.go:1590 (err := TryRmdir(gCtx, ...); if
// err != nil { err = fs.CountError(ctx, err); ... return nil }). Why harmless: no work is
// started with ctx, so there is nothing for the group to cancel.
package groupctx

import (
	"context"
	"log"

	"golang.org/x/sync/errgroup"
)

type errCountKey struct{}

func recordError(ctx context.Context, err error) error {
	if n, ok := ctx.Value(errCountKey{}).(*int); ok {
		*n++
	}
	return err
}

func rmdirs(ctx context.Context, dirs []string, rmdir func(context.Context, string) error) error {
	g, gCtx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for _, dir := range dirs {
		g.Go(func() error {
			if err := rmdir(gCtx, dir); err != nil {
				err = recordError(ctx, err)
				log.Printf("rmdir %s: %v", dir, err)
			}
			return nil // errors are counted, not returned
		})
	}
	return g.Wait()
}

// CountErrorFn is set by another package at start-up (rclone's
// fs.CountError): what it does with the context is out of sight.
var CountErrorFn = func(ctx context.Context, err error) error { return err }

func removeAll(ctx context.Context, dirs []string, rmdir func(context.Context, string) error) error {
	g, gCtx := errgroup.WithContext(ctx)
	for _, d := range dirs {
		g.Go(func() error {
			if err := rmdir(gCtx, d); err != nil {
				_ = CountErrorFn(ctx, err)
			}
			return nil
		})
	}
	return g.Wait()
}
