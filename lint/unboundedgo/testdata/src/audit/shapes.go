// Fan-out the default rules leave alone since the code does not show
// how large the input is: -unboundedgo.audit reports it.
package audit

import (
	"context"
	"sync"
)

// A semaphore taken inside: one goroutine per partition still starts,
// whatever decides their number.
func fetchPartitions(ctx context.Context, totalPhotos, workers int, fetch func(context.Context, int) error) []error {
	numPartitions := (totalPhotos + 99) / 100
	errs := make([]error, numPartitions)
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i := range numPartitions {
		wg.Add(1)
		go func(idx int) { // want `goroutine per iteration up to numPartitions: the semaphore is taken inside the goroutine`
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				errs[idx] = ctx.Err()
				return
			}
			defer func() { <-sem }()
			errs[idx] = fetch(ctx, idx)
		}(i)
	}
	wg.Wait()
	return errs
}

// A graph walk: one goroutine per node found, as many as the graph has.
func concurrentMark(ctx context.Context, roots []int, refs func(context.Context, int, func(int))) map[int]struct{} {
	grays := make(chan int)
	seen := map[int]struct{}{}
	var wg sync.WaitGroup
	go func() {
		for gray := range grays {
			if _, ok := seen[gray]; ok {
				wg.Done()
				continue
			}
			seen[gray] = struct{}{}
			go func(gray int) { // want `goroutine per value received from grays with no limit`
				defer wg.Done()
				refs(ctx, gray, func(n int) {
					wg.Add(1)
					select {
					case grays <- n:
					case <-ctx.Done():
						wg.Done()
					}
				})
			}(gray)
		}
	}()
	for _, r := range roots {
		wg.Add(1)
		grays <- r
	}
	wg.Wait()
	close(grays)
	return seen
}
