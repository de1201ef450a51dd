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

// antsEachIndex runs the indexes on a pool of limit workers that all run
// body, the index being the argument ants hands them.
func antsEachIndex(ctx context.Context, n, limit int, body func(context.Context, int) error) error {
	var (
		wg    sync.WaitGroup
		first firstError
	)
	p, err := ants.NewPoolWithFuncGeneric(limit, func(i int) {
		defer wg.Done()
		if err := body(ctx, i); err != nil {
			first.set(err)
		}
	})
	if err != nil {
		return err
	}
	defer p.ReleaseTimeout(antsReleaseTimeout)
	antsFeed(n, &wg, &first, p.Invoke)
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
	antsFeed(n, &wg, &first, func(i int) error {
		return p.Submit(func() {
			defer wg.Done()
			if err := task(ctx, i); err != nil {
				first.set(err)
			}
		})
	})
	wg.Wait()
	return first.get()
}

// antsFeed submits the tasks 0, …, n-1, counting each in wg, until a task
// has failed or the pool refuses one.
func antsFeed(n int, wg *sync.WaitGroup, first *firstError, submit func(i int) error) {
	for i := range n {
		if first.get() != nil {
			return
		}
		wg.Add(1)
		if err := submit(i); err != nil {
			wg.Done()
			first.set(err)
			return
		}
	}
}
