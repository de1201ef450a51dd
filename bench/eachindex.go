package bench

import "context"

// An indexRunner calls body(ctx, 0), …, body(ctx, n-1), at most limit at
// once, and returns the first error. The hand-written implementations and
// ants run slices this way; forEachBy and mapBy make a ForEach and a Map of
// one, so that the two workloads differ only in what body does.
type indexRunner func(ctx context.Context, n, limit int, body func(ctx context.Context, i int) error) error

func forEachBy(run indexRunner) forEachFunc {
	return func(ctx context.Context, in []int, limit int, fn func(context.Context, int) error) error {
		return run(ctx, len(in), limit, func(ctx context.Context, i int) error { return fn(ctx, in[i]) })
	}
}

func mapBy(run indexRunner) mapFunc {
	return func(ctx context.Context, in []int, limit int, fn func(context.Context, int) (uint64, error)) ([]uint64, error) {
		out := make([]uint64, len(in))
		err := run(ctx, len(in), limit, func(ctx context.Context, i int) error {
			var err error
			out[i], err = fn(ctx, in[i])
			return err
		})
		if err != nil {
			return nil, err
		}
		return out, nil
	}
}
