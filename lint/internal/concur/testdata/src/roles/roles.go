package roles

import (
	"context"
	"sync"

	"github.com/leash-go/leash"
	"github.com/sourcegraph/conc"
	"github.com/sourcegraph/conc/iter"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

func calls(ctx context.Context, items []int) {
	g, gctx := errgroup.WithContext(ctx) // want `errgroup NewGroup task=-1`
	g.SetLimit(4)                        // want `errgroup SetLimit task=-1`
	g.Go(func() error { <-gctx.Done(); return nil }) // want `errgroup Go task=0` `context CtxDone task=-1`
	g.TryGo(func() error { return nil }) // want `errgroup Go task=0`
	_ = g.Wait()                         // want `errgroup Wait task=-1`

	lg := leash.NewGroup(ctx, leash.Limit(2)) // want `leash NewGroup task=-1` `leash Limit task=-1`
	lg.Go(func(ctx context.Context) error { return nil }) // want `leash Go task=0`
	_ = lg.Wait()                                         // want `leash Wait task=-1`
	_, _ = leash.Map(ctx, items, func(ctx context.Context, i int) (int, error) { return i, nil }) // want `leash ForEach task=2`

	var wg sync.WaitGroup
	wg.Add(1)     // want `waitgroup Add task=-1`
	wg.Done()     // want `waitgroup Done task=-1`
	wg.Go(func() {}) // want `waitgroup Go task=0`
	wg.Wait()     // want `waitgroup Wait task=-1`

	cw := conc.NewWaitGroup() // want `conc NewGroup task=-1`
	cw.Go(func() {})          // want `conc Go task=0`
	cw.Wait()                 // want `conc Wait task=-1`
	cp := pool.New().WithMaxGoroutines(3).WithContext(ctx) // want `conc NewGroup task=-1` `conc SetLimit task=-1` `conc WithContext task=-1`
	cp.Go(func(ctx context.Context) error { return nil }) // want `conc Go task=0`
	iter.ForEach(items, func(*int) {})                    // want `conc ForEach task=1`

	sem := semaphore.NewWeighted(2)
	_ = sem.Acquire(ctx, 1) // want `semaphore Acquire task=-1`
	sem.Release(1)          // want `semaphore Release task=-1`

	_ = context.Background()                 // want `context Detached task=-1`
	_ = context.WithoutCancel(ctx)           // want `context WithoutCancel task=-1`
	c, cancel := context.WithCancel(ctx)     // want `context Derive task=-1`
	defer cancel()
	_ = c
}
