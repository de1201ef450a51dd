// A look-alike that is harmless: the limit is taken before the go statement, through a
// helper. From: containerd core/unpack/unpacker.go:715 (if err := u.acquire(ctx,
// u.limiter); ... ; eg.Go(func() { ...; u.release(u.limiter) })); also thanos
// pkg/cacheutil/cacheutil.go:48 (ga.Start(ctx) on a gate before g.Go, ga.Done() in the
// task). Why harmless: acquire blocks on a semaphore (x/sync/semaphore-like Acquire) before
// each task starts, so at most the limiter's weight of tasks exists. The helper is in the
// same package; a function summary ("acquires its argument's semaphore", "releases it")
// makes this visible. A nil limiter means the caller chose no limit.
package unboundedgo

import (
	"context"

	"golang.org/x/sync/errgroup"
)

type Limiter interface {
	Acquire(ctx context.Context, n int64) error
	Release(n int64)
}

type unpacker struct{ limiter Limiter }

func (u *unpacker) acquire(ctx context.Context, l Limiter) error {
	if l == nil {
		return nil
	}
	return l.Acquire(ctx, 1)
}

func (u *unpacker) release(l Limiter) {
	if l != nil {
		l.Release(1)
	}
}

func (u *unpacker) fetch(ctx context.Context, layers []string, get func(context.Context, string) error) error {
	eg, ctx2 := errgroup.WithContext(ctx)
	for _, desc := range layers {
		if err := u.acquire(ctx, u.limiter); err != nil {
			return err
		}
		eg.Go(func() error {
			defer u.release(u.limiter)
			return get(ctx2, desc)
		})
	}
	return eg.Wait()
}
