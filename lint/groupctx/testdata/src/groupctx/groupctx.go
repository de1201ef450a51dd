package groupctx

import (
	"context"
	"time"

	"github.com/leash-go/leash"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
)

// fetch stands for I/O that stops when its context ends.
func fetch(ctx context.Context, u string) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Millisecond):
		return nil
	}
}

func save(ctx context.Context) error { return ctx.Err() }

// The classic: the group's context is named, the task uses the parent.
func parentInTask(ctx context.Context, urls []string) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		g.Go(func() error {
			return fetch(ctx, u) // want `task uses ctx, which is not cancelled when another task fails: use the group's context gctx`
		})
	}
	_ = gctx
	return g.Wait()
}

// A context derived from the parent is no better.
func derivedInTask(ctx context.Context, urls []string) error {
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	g, gctx := errgroup.WithContext(tctx)
	g.Go(func() error {
		if err := fetch(gctx, urls[0]); err != nil {
			return err
		}
		return fetch(ctx, urls[1]) // want `task uses ctx`
	})
	g.Go(func() error {
		return fetch(tctx, urls[2]) // want `task uses tctx`
	})
	return g.Wait()
}

// leash tasks receive their context; the captured one is the parent.
func leashGroup(ctx context.Context, urls []string) error {
	g := leash.NewGroup(ctx, leash.Limit(4))
	for _, u := range urls {
		g.Go(func(tctx context.Context) error {
			return fetch(ctx, u) // want `task uses ctx from outside instead of its own context tctx, which is cancelled when another task fails: use tctx`
		})
	}
	return g.Wait()
}

func leashBlank(ctx context.Context, urls []string) error {
	g := leash.NewGroup(ctx)
	g.Go(func(_ context.Context) error {
		return fetch(ctx, urls[0]) // want `task ignores its own context and uses ctx from outside`
	})
	g.Go(func(context.Context) error {
		return fetch(ctx, urls[1]) // want `task ignores its own context and uses ctx from outside`
	})
	return g.Wait()
}

func leashForEach(ctx context.Context, urls []string) error {
	return leash.ForEach(ctx, urls, func(c context.Context, u string) error {
		return fetch(ctx, u) // want `task uses ctx from outside instead of its own context c`
	})
}

func concPool(ctx context.Context, urls []string) error {
	p := pool.New().WithMaxGoroutines(4).WithContext(ctx).WithCancelOnError()
	for _, u := range urls {
		p.Go(func(pctx context.Context) error {
			return fetch(ctx, u) // want `task uses ctx from outside instead of its own context pctx`
		})
	}
	return p.Wait()
}

// The group's context after Wait is already cancelled.
func afterWait(ctx context.Context, urls []string) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		g.Go(func() error { return fetch(gctx, u) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return save(gctx) // want `gctx is the group's context, cancelled once Wait returns: use ctx after Wait`
}

func shadowedAfterWait(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		g.Go(func() error { return fetch(ctx, u) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return save(ctx) // want `ctx is the group's context, cancelled once Wait returns: keep the parent context under its own name and use it after Wait`
}

// Fine: the seed's shape, ctx shadowed and not used after Wait.
func shadowing(ctx context.Context, urls []string) ([]string, error) {
	out := make([]string, len(urls))
	g, ctx := errgroup.WithContext(ctx)
	for i, u := range urls {
		g.Go(func() error {
			if err := fetch(ctx, u); err != nil {
				return err
			}
			out[i] = u
			return nil
		})
	}
	return out, g.Wait()
}

// Fine: the task detaches on purpose, e.g. to finish an audit write.
func withoutCancel(ctx context.Context, urls []string) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		if err := fetch(gctx, urls[0]); err != nil {
			return err
		}
		return save(context.WithoutCancel(ctx))
	})
	return g.Wait()
}

// Fine: reading the group's context state after Wait.
func causeAfterWait(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return save(gctx) })
	err := g.Wait()
	if gctx.Err() != nil && context.Cause(gctx) != context.Canceled {
		return context.Cause(gctx)
	}
	return err
}

// Fine: a plain group has no context of its own; a leash task uses its own.
func plain(ctx context.Context, urls []string) error {
	var g errgroup.Group
	g.Go(func() error { return fetch(ctx, urls[0]) })
	lg := leash.NewGroup(ctx)
	lg.Go(func(ctx context.Context) error { return fetch(ctx, urls[0]) })
	_ = lg.Wait()
	return g.Wait()
}

// Fine: the group is made again before its context is used.
func remade(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return save(gctx) })
	if err := g.Wait(); err != nil {
		return err
	}
	g, gctx = errgroup.WithContext(ctx)
	g.Go(func() error { return save(gctx) })
	return g.Wait()
}

// Fine: a use in a branch that does not follow the Wait.
func otherBranch(ctx context.Context, wait bool) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return save(gctx) })
	if wait {
		return g.Wait()
	} else {
		_ = save(gctx)
	}
	return nil
}
