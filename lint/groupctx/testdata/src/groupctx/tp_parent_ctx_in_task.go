// A leak: a task of a WithContext group does its I/O with the parent context, so a
// failing sibling does not stop it. From: rclone backend/azureblob/azureblob.go:1994
// (StageBlockFromURL(ctx, ...)) and :2000 (f.shouldRetry(ctx, err) decides whether to retry
// by looking at ctx, so retries go on after the group failed); containerd
// core/images/converter/default.go:195 (GetDiffID(ctx, ...) next to convert(ctx2, ...));
// containerd internal/cri/server/list_pod_sandbox_metrics_linux.go:106. Why a bug: the
// group context exists to stop the other chunks once one fails; these calls run to
// completion (or retry) anyway. Fix: use gCtx.
package groupctx

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// stage copies one part; it stops when its context ends.
func stage(ctx context.Context, part int) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
		return nil
	}
}

func copyChunks(ctx context.Context, n int) error {
	g, gCtx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for part := range n {
		if gCtx.Err() != nil {
			break
		}
		g.Go(func() error {
			return stage(ctx, part) // want `task uses ctx, which is not cancelled when another task fails`
		})
	}
	return g.Wait()
}
