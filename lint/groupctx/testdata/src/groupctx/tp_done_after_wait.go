// A leak of an error: after Wait, a select between the group context's Done and the send of
// Wait's error. From: restic internal/repository/checker.go:344 (err = g.Wait(); if err !=
// nil { select { case <-ctx.Done(): return; case errChan <- err: } }, where ctx is the
// group's; there every task returns nil, so the branch never runs). Why a bug: Wait cancels
// the group's context, so its Done is always ready and the select drops the error half the
// time, whether or not the caller cancelled. Fix: keep the parent context under its own name
// and select on its Done.
package groupctx

import (
	"context"

	"golang.org/x/sync/errgroup"
)

func checkAll(ctx context.Context, items []int, errs chan<- error) {
	g, ctx := errgroup.WithContext(ctx)
	for _, it := range items {
		g.Go(func() error { return stage(ctx, it) })
	}
	if err := g.Wait(); err != nil {
		select {
		case <-ctx.Done(): // want `ctx is the group's context, cancelled once Wait returns: keep the parent context under its own name and use it after Wait`
			return
		case errs <- err:
		}
	}
}
