// A look-alike that is harmless: the collection is shrunk to a configured maximum before
// the fan-out. From: thanos pkg/store/cache/caching_bucket.go:425 (missing sub-ranges
// merged until len(missing) <= cfg.MaxSubRequests, default 3, then one GetRange per range).
// Why harmless: the loop right before the go statements bounds len(missing) by a
// configuration value.
package unboundedgo

import (
	"context"

	"golang.org/x/sync/errgroup"
)

type byteRange struct{ start, end int64 }

type rangeConfig struct{ MaxSubRequests int }

func mergeRanges(in []byteRange, gap int64) []byteRange {
	if len(in) < 2 {
		return in
	}
	out := []byteRange{in[0]}
	for _, r := range in[1:] {
		if last := &out[len(out)-1]; r.start-last.end <= gap {
			last.end = r.end
		} else {
			out = append(out, r)
		}
	}
	return out
}

func fetchMissing(ctx context.Context, cfg rangeConfig, missing []byteRange, get func(context.Context, byteRange) error) error {
	for limit := int64(1 << 10); cfg.MaxSubRequests > 0 && len(missing) > cfg.MaxSubRequests; limit *= 2 {
		missing = mergeRanges(missing, limit)
	}
	g, gctx := errgroup.WithContext(ctx)
	for _, m := range missing {
		g.Go(func() error { return get(gctx, m) })
	}
	return g.Wait()
}
