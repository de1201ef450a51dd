package bench

import (
	"context"
	"iter"

	conciter "github.com/sourcegraph/conc/iter"
	"github.com/sourcegraph/conc/pool"
	"github.com/sourcegraph/conc/stream"
)

// conc is used the way its README maps jobs to packages: iter for a slice
// (MaxGoroutines workers claiming indexes from an atomic counter, one at a
// time), stream for ordered results of tasks submitted one by one, and a
// ContextPool for a group of tasks that fail and cancel like errgroup's.

// concForEach uses iter.Iterator, which has no errors and no context: the
// first error is kept and returned, and the other items still run.
func concForEach(ctx context.Context, in []int, limit int, fn func(context.Context, int) error) error {
	var first firstError
	conciter.Iterator[int]{MaxGoroutines: limit}.ForEach(in, func(item *int) {
		if err := fn(ctx, *item); err != nil {
			first.set(err)
		}
	})
	return first.get()
}

func concMap(ctx context.Context, in []int, limit int, fn func(context.Context, int) (uint64, error)) ([]uint64, error) {
	out, err := conciter.Mapper[int, uint64]{MaxGoroutines: limit}.MapErr(in, func(item *int) (uint64, error) {
		return fn(ctx, *item)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// concStream submits a task per item; the callbacks the tasks return run in
// submission order on one goroutine, which is where the results reach the
// sink. A stream does not stop at an error: the first is kept and the rest
// of the input is skipped.
func concStream(ctx context.Context, in iter.Seq[int], limit int, fn func(context.Context, int) (uint64, error), sink func(uint64)) error {
	var first firstError
	s := stream.New().WithMaxGoroutines(limit)
	for item := range in {
		if first.get() != nil {
			break
		}
		s.Go(func() stream.Callback {
			v, err := fn(ctx, item)
			return func() {
				if err != nil {
					first.set(err)
				} else if first.get() == nil {
					sink(v)
				}
			}
		})
	}
	s.Wait()
	return first.get()
}

func concGroup(ctx context.Context, n, limit int, task func(context.Context, int) error) error {
	p := pool.New().WithContext(ctx).WithCancelOnError().WithFirstError().WithMaxGoroutines(limit)
	for i := range n {
		p.Go(func(ctx context.Context) error { return task(ctx, i) })
	}
	return p.Wait()
}

// concNaturalForEach and concNaturalMap use conc's iter.ForEach and
// iter.Map as its README shows them: a function of the item alone, with no
// context and no error. They do less than the job asks — an error is
// dropped, nothing stops early — and are measured beside the wrapped forms
// above because that is the cost users see first.
func concNaturalForEach(ctx context.Context, in []int, limit int, fn func(context.Context, int) error) error {
	conciter.Iterator[int]{MaxGoroutines: limit}.ForEach(in, func(item *int) { fn(ctx, *item) })
	return nil
}

func concNaturalMap(ctx context.Context, in []int, limit int, fn func(context.Context, int) (uint64, error)) ([]uint64, error) {
	return conciter.Mapper[int, uint64]{MaxGoroutines: limit}.Map(in, func(item *int) uint64 {
		v, _ := fn(ctx, *item)
		return v
	}), nil
}
