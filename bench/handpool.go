package bench

import (
	"context"
	"iter"

	"golang.org/x/sync/errgroup"
)

// The hand-written implementations are the playbook's worker pool: inside
// an errgroup, a producer feeds an unbuffered channel, guarding each send
// with the context, and limit workers range over the channel until the
// producer closes it. A worker's error cancels the context, which stops the
// producer.

// handpoolEachIndex sends the indexes to the workers.
func handpoolEachIndex(ctx context.Context, n, limit int, body func(context.Context, int) error) error {
	return workerPool(ctx, n, limit, func(i int) int { return i }, body)
}

// handpoolGroup sends the tasks themselves, as a pool that runs tasks of
// any kind does.
func handpoolGroup(ctx context.Context, n, limit int, task func(context.Context, int) error) error {
	return workerPool(ctx, n, limit,
		func(i int) func(context.Context) error {
			return func(ctx context.Context) error { return task(ctx, i) }
		},
		func(ctx context.Context, job func(context.Context) error) error { return job(ctx) })
}

// workerPool is the playbook's pool: a producer sends job(0), …,
// job(n-1) and limit workers call do with each.
func workerPool[J any](ctx context.Context, n, limit int, job func(i int) J, do func(context.Context, J) error) error {
	jobs := make(chan J)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer close(jobs)
		for i := range n {
			select {
			case jobs <- job(i):
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	for range limit {
		g.Go(func() error {
			for j := range jobs {
				if err := do(ctx, j); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// handpoolOrdered is the hand-written ordered pipeline: the producer gives
// every item a one-slot result channel, queues that channel in input order
// on a buffered channel of limit places — the bound on items in flight —
// and sends the item with it to the workers; the caller takes the result
// channels off the queue in order and waits on each.
func handpoolOrdered(ctx context.Context, in iter.Seq[int], limit int, fn func(context.Context, int) (uint64, error), sink func(uint64)) error {
	type result struct {
		v   uint64
		err error
	}
	type job struct {
		item int
		res  chan<- result
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job)
	queue := make(chan chan result, limit)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer close(jobs)
		defer close(queue)
		for item := range in {
			res := make(chan result, 1)
			select {
			case queue <- res:
			case <-ctx.Done():
				return nil
			}
			select {
			case jobs <- job{item, res}:
			case <-ctx.Done():
				return nil
			}
		}
		return nil
	})
	for range limit {
		g.Go(func() error {
			for j := range jobs {
				v, err := fn(ctx, j.item)
				j.res <- result{v, err}
			}
			return nil
		})
	}
	var err error
	for res := range queue {
		var r result
		select {
		case r = <-res:
		case <-ctx.Done(): // the caller's context ended: res may never be sent
			r.err = ctx.Err()
		}
		if r.err != nil {
			err = r.err
			break
		}
		sink(r.v)
	}
	cancel()
	_ = g.Wait() // the producer and the workers never fail: err is the error
	return err
}
