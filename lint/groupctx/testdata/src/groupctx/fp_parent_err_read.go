// Not a leak: the task does its work with the group's context and asks the
// parent only whether it was cancelled, once, to tell the caller's cancel
// (a document found: nothing to report) from a sibling's failure. From:
// ipfs-search components/index/multiget.go. The look-alikes below still use
// the parent for work, or ask it in a retry loop.
package groupctx

import (
	"context"
	"errors"

	"golang.org/x/sync/errgroup"
)

func lookup(ctx context.Context, id string) (bool, error) {
	select {
	case <-ctx.Done():
		return false, ctx.Err()
	default:
		return id != "", nil
	}
}

// cancelledBy reports whether err is ctx's own cancellation.
func cancelledBy(ctx context.Context, err error) bool {
	if e := ctx.Err(); e != nil {
		return errors.Is(err, e)
	}
	return false
}

func firstFound(ctx context.Context, ids []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, gctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g.Go(func() error {
			found, err := lookup(gctx, id)
			if err != nil && !cancelledBy(ctx, err) {
				return err
			}
			if err != nil && errors.Is(err, ctx.Err()) {
				return nil
			}
			if found {
				cancel()
			}
			return nil
		})
	}
	return g.Wait()
}

// The parent asked in a retry loop: after a sibling fails, lookup fails at
// once with the group's cancellation, and the loop goes on retrying.
func retryAll(ctx context.Context, ids []string) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g.Go(func() error {
			for {
				_, err := lookup(gctx, id)
				if err == nil || cancelledBy(ctx, err) { // want `task uses ctx, which is not cancelled when another task fails`
					return err
				}
			}
		})
	}
	return g.Wait()
}

// The parent read once, but the task's work is not done with its own
// context at all.
func lookupAll(ctx context.Context, ids []string) error {
	g, _ := errgroup.WithContext(ctx) // want `the context errgroup.WithContext returns is discarded`
	_ = g
	g2, gctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g2.Go(func() error {
			_, err := lookup(context.Background(), id)
			if cancelledBy(ctx, err) { // want `task uses ctx, which is not cancelled when another task fails`
				return nil
			}
			_ = gctx
			return err
		})
	}
	return g2.Wait()
}
