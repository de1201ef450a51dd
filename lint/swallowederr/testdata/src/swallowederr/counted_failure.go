// A task that notices an error and reports success anyway loses it; one
// that counts the failure first handles it on purpose (a best-effort
// prefetch: a miss costs time, not correctness).
package swallowederr

import (
	"context"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

func loadKey(ctx context.Context, key string) error { return nil }

func loadKeys(ctx context.Context, keys []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, k := range keys {
		g.Go(func() error {
			if err := loadKey(ctx, k); err != nil {
				return nil // want `task returns nil when err != nil, so the group reports success for a failed task: return err`
			}
			return nil
		})
	}
	return g.Wait()
}

// Fine: the failure is counted before the task returns nil.
func prefetch(ctx context.Context, keys []string, fails *atomic.Int64) {
	var g errgroup.Group
	for _, k := range keys {
		g.Go(func() error {
			if err := loadKey(ctx, k); err != nil {
				fails.Add(1)
				return nil
			}
			return nil
		})
	}
	_ = g.Wait()
}

// Fine: the branch says why a failure is not one.
func loadKeysOptional(ctx context.Context, keys []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, k := range keys {
		g.Go(func() error {
			if err := loadKey(ctx, k); err != nil {
				// Optional: a key that is gone is loaded on first use.
				return nil
			}
			return nil
		})
	}
	return g.Wait()
}
