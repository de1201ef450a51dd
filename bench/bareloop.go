package bench

import (
	"context"
	"sync"
	"sync/atomic"
)

// The bare loop is the baseline a library is held to for slices: what a
// careful programmer writes by hand when speed matters. limit goroutines
// claim chunks of consecutive indexes from an atomic counter — one atomic
// add per chunk, no channel, no allocation per item — and a WaitGroup waits
// for them. A chunk is n/(64·limit) indexes, at least 1 and at most 256:
// large enough that claiming costs nothing per item for trivial tasks, small
// enough that the last chunks spread over all the goroutines when tasks are
// slow. On the first error the goroutines stop claiming; there is no
// context of its own and no panic handling, which is what makes it the
// floor.

// bareloopEachIndex runs the indexes on limit goroutines.
func bareloopEachIndex(ctx context.Context, n, limit int, body func(context.Context, int) error) error {
	chunk := min(max(n/(64*limit), 1), 256)
	var (
		next  atomic.Int64
		first firstError
		wg    sync.WaitGroup
	)
	for range min(limit, n) {
		wg.Go(func() {
			for first.get() == nil {
				hi := int(next.Add(int64(chunk)))
				lo := hi - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(hi, n); i++ {
					if err := body(ctx, i); err != nil {
						first.set(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	return first.get()
}
