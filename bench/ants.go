package bench

import (
	"context"
	"sync"
	"time"

	"github.com/panjf2000/ants/v2"
)

// ants is used as its README shows: a pool of the limit's size — a
// PoolWithFuncGeneric when every task runs the same function, a plain Pool
// for a group of closures — a sync.WaitGroup to wait for the tasks, since
// ants has none, and ReleaseTimeout so that the pool's goroutines have ended
// when the call returns, as they have for the other implementations.
// WithPreAlloc is not used: its documentation is for pools of a huge
// capacity, and these pools are small. ants has no errors, no context and
// no ordered results: the first error is kept and returned, and no task is
// submitted after it.

// antsReleaseTimeout bounds the wait for the pool's goroutines to end; they
// end at once, it is only there because ReleaseTimeout needs a bound.
const antsReleaseTimeout = 10 * time.Second

func antsForEach(ctx context.Context, in []int, limit int, fn func(context.Context, int) error) error {
	return antsEachIndex(len(in), limit, func(i int) error { return fn(ctx, in[i]) })
}

func antsMap(ctx context.Context, in []int, limit int, fn func(context.Context, int) (uint64, error)) ([]uint64, error) {
	out := make([]uint64, len(in))
	err := antsEachIndex(len(in), limit, func(i int) error {
		var err error
		out[i], err = fn(ctx, in[i])
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// antsEachIndex runs body(0), …, body(n-1) on a pool of limit workers that
// all run the same function, the index being the argument ants hands them.
func antsEachIndex(n, limit int, body func(i int) error) error {
	var (
		wg    sync.WaitGroup
		first firstError
	)
	p, err := ants.NewPoolWithFuncGeneric(limit, func(i int) {
		defer wg.Done()
		if err := body(i); err != nil {
			first.set(err)
		}
	})
	if err != nil {
		return err
	}
	defer p.ReleaseTimeout(antsReleaseTimeout)
	for i := range n {
		if first.get() != nil {
			break
		}
		wg.Add(1)
		if err := p.Invoke(i); err != nil {
			wg.Done()
			first.set(err)
			break
		}
	}
	wg.Wait()
	return first.get()
}

func antsGroup(ctx context.Context, n, limit int, task func(context.Context, int) error) error {
	var (
		wg    sync.WaitGroup
		first firstError
	)
	p, err := ants.NewPool(limit)
	if err != nil {
		return err
	}
	defer p.ReleaseTimeout(antsReleaseTimeout)
	for i := range n {
		if first.get() != nil {
			break
		}
		wg.Add(1)
		err := p.Submit(func() {
			defer wg.Done()
			if err := task(ctx, i); err != nil {
				first.set(err)
			}
		})
		if err != nil {
			wg.Done()
			first.set(err)
			break
		}
	}
	wg.Wait()
	return first.get()
}
