// Package unboundedgo holds what the check reports by default: fan-out
// whose size the check can see come from the input, and the look-alikes it
// leaves alone because it cannot.
package unboundedgo

import (
	"context"
	"sync"

	"github.com/leash-go/leash"
	"golang.org/x/sync/errgroup"
)

type Item struct{}

func fetchOne(ctx context.Context, id string) (Item, error) { return Item{}, nil }
func process(ctx context.Context, job int) error            { return nil }

// The seed's FetchAllBad: one goroutine per id, however many the request
// a handler of the package decodes (see caller.go) holds.
func FetchAllBad(ids []string) []Item {
	items := make([]Item, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func(i int, id string) { // want `goroutine per element of ids with no limit: bound it with errgroup SetLimit, leash.ForEach or a worker pool`
			defer wg.Done()
			items[i], _ = fetchOne(context.Background(), id)
		}(i, id)
	}
	wg.Wait()
	return items
}

// The seed's FetchAll: cancellable, but still one task per id at once, the
// ids a handler decoded.
func FetchAll(ctx context.Context, ids []string) ([]Item, error) {
	items := make([]Item, len(ids))
	g, ctx := errgroup.WithContext(ctx)
	for i, id := range ids {
		g.Go(func() error { // want `g.Go per element of ids with no limit: call g.SetLimit before starting tasks, or use leash.ForEach`
			item, err := fetchOne(ctx, id)
			items[i] = item
			return err
		})
	}
	return items, g.Wait()
}

// A leash group without leash.Limit, over the jobs of an RPC's request.
func Leash(ctx context.Context, jobs []int) error {
	g := leash.NewGroup(ctx, leash.CollectErrors())
	for _, j := range jobs {
		g.Go(func(ctx context.Context) error { return process(ctx, j) }) // want `g.Go per element of jobs with no limit: bound the group with leash.Limit`
	}
	return g.Wait()
}

// The bounded look-alikes (SetLimit, semaphores taken before the go
// statement) are in package audit: what the audit rules leave alone, the
// default rules do too.

// Fine: leash.ForEach is bounded by construction.
func ForEach(ctx context.Context, ids []string) error {
	return leash.ForEach(ctx, ids, func(ctx context.Context, id string) error {
		_, err := fetchOne(ctx, id)
		return err
	})
}
