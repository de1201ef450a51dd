// Package swallowederr holds what the check reports by default — what the
// code shows is lost — and, in the other files, look-alikes seen on real
// code whose dropped errors are harmless by convention.
package swallowederr

import (
	"context"
	"net/http"
	"sync"

	"github.com/leash-go/leash"
	"golang.org/x/sync/errgroup"
)

type Item struct{ ID string }

func fetchOne(id string) (Item, error)              { return Item{ID: id}, nil }
func audit(ctx context.Context, event string) error { return nil }

// The seed's FetchAllBad: each goroutine drops its error and stores the
// zero Item it got instead, for the caller to take as fetched. The error
// is assigned to _, on purpose as far as the code shows, and a zero value
// is often the fallback meant (see zero_value_fallback.go): reported by
// the audit rules only.
func FetchAllBad(ids []string) ([]Item, error) {
	items := make([]Item, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			item, _ := fetchOne(id)
			items[i] = item
		}()
	}
	wg.Wait()
	return items, nil
}

// A task that can never fail although its work can: the group reports
// success whatever audit says.
func Dashboard(ctx context.Context, user string) error {
	g := leash.NewGroup(ctx)
	g.Go(func(ctx context.Context) error {
		audit(ctx, "dashboard "+user) // want `error from audit dropped in a group task`
		return nil
	})
	return g.Wait()
}

// Wait's error ignored, and nothing else checks it.
func RefreshAll(ctx context.Context, users []string) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for _, u := range users {
		g.Go(func() error { return audit(ctx, u) })
	}
	g.Wait() // want `error of g.Wait ignored: a failed task goes unnoticed; check it and return it`
	return nil
}

// Fine: the value is used where it is, and only there.
func Probe(ctx context.Context, urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() {
			resp, _ := http.Get(u)
			if resp != nil {
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
}
