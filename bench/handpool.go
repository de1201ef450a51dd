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

func handpoolForEach(ctx context.Context, in []int, limit int, fn func(context.Context, int) error) error {
	return handpoolEachIndex(ctx, len(in), limit, func(ctx context.Context, i int) error { return fn(ctx, in[i]) })
}

func handpoolMap(ctx context.Context, in []int, limit int, fn func(context.Context, int) (uint64, error)) ([]uint64, error) {
	out := make([]uint64, len(in))
	err := handpoolEachIndex(ctx, len(in), limit, func(ctx context.Context, i int) error {
		var err error
		out[i], err = fn(ctx, in[i])
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// handpoolEachIndex sends the indexes 0, …, n-1 to limit workers that run
// body for each.
func handpoolEachIndex(ctx context.Context, n, limit int, body func(context.Context, int) error) error {
	jobs := make(chan int)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer close(jobs)
		for i := range n {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	for range limit {
		g.Go(func() error {
			for i := range jobs {
				if err := body(ctx, i); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// handpoolGroup sends the tasks themselves over the channel, as a pool
// that runs tasks of any kind does.
func handpoolGroup(ctx context.Context, n, limit int, task func(context.Context, int) error) error {
	jobs := make(chan func(context.Context) error)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer close(jobs)
		for i := range n {
			select {
			case jobs <- func(ctx context.Context) error { return task(ctx, i) }:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	for range limit {
		g.Go(func() error {
			for job := range jobs {
				if err := job(ctx); err != nil {
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
