package bench

import (
	"context"

	"github.com/alitto/pond/v2"
)

// pond is used as its README shows for a batch of related tasks: a pool of
// the limit's size, a task group bound to the caller's context (so the
// first error cancels the group's context, which the tasks get), one Submit
// per item, then Wait, and StopAndWait to release the pool's workers. The
// pool's queue is unbounded by default, so Submit never blocks: every item
// is queued as a task up front. Results of a ResultPool's group come back
// in submission order, but only all at once from Wait, so pond has no
// ordered streaming.

func pondForEach(ctx context.Context, in []int, limit int, fn func(context.Context, int) error) error {
	p := pond.NewPool(limit)
	defer p.StopAndWait()
	g := p.NewGroupContext(ctx)
	gctx := g.Context()
	for _, item := range in {
		g.SubmitErr(func() error { return fn(gctx, item) })
	}
	return g.Wait()
}

func pondMap(ctx context.Context, in []int, limit int, fn func(context.Context, int) (uint64, error)) ([]uint64, error) {
	p := pond.NewResultPool[uint64](limit)
	defer p.StopAndWait()
	g := p.NewGroupContext(ctx)
	for _, item := range in {
		g.SubmitErr(func() (uint64, error) { return fn(ctx, item) })
	}
	out, err := g.Wait()
	if err != nil {
		return nil, err
	}
	return out, nil
}

func pondGroup(ctx context.Context, n, limit int, task func(context.Context, int) error) error {
	p := pond.NewPool(limit)
	defer p.StopAndWait()
	g := p.NewGroupContext(ctx)
	gctx := g.Context()
	for i := range n {
		g.SubmitErr(func() error { return task(gctx, i) })
	}
	return g.Wait()
}
