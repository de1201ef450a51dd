package bench

import (
	"context"
	"iter"

	"github.com/destel/rill"
)

// rill is used as its package documentation shows: the input wrapped as a
// stream (FromSlice, FromSeq), a stage run by n goroutines with the
// workload's limit as n (ForEach, OrderedMap), and the output read with a
// range loop and a deferred DrainNB, so that an early return does not
// leave its goroutines blocked. rill has no context; the tasks get the
// caller's. Its stages work on streams of values, so it has no form for a
// loop of Group.Go tasks.

func rillForEach(ctx context.Context, in []int, limit int, fn func(context.Context, int) error) error {
	return rill.ForEach(rill.FromSlice(in, nil), limit, func(item int) error { return fn(ctx, item) })
}

// rillMap collects into a slice made to the input's length, which saves the
// regrowing rill.ToSlice would do.
func rillMap(ctx context.Context, in []int, limit int, fn func(context.Context, int) (uint64, error)) ([]uint64, error) {
	results := rill.OrderedMap(rill.FromSlice(in, nil), limit, func(item int) (uint64, error) { return fn(ctx, item) })
	defer rill.DrainNB(results)
	out := make([]uint64, 0, len(in))
	for r := range results {
		if r.Error != nil {
			return nil, r.Error
		}
		out = append(out, r.Value)
	}
	return out, nil
}

func rillOrderedMap(ctx context.Context, in iter.Seq[int], limit int, fn func(context.Context, int) (uint64, error), sink func(uint64)) error {
	results := rill.OrderedMap(rill.FromSeq(in, nil), limit, func(item int) (uint64, error) { return fn(ctx, item) })
	defer rill.DrainNB(results)
	for r := range results {
		if r.Error != nil {
			return r.Error
		}
		sink(r.Value)
	}
	return nil
}
