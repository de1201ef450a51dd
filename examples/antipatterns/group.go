package antipatterns

import (
	"context"
	"errors"
	"fmt"

	"github.com/leash-go/leash"
)

// Profile and Order are what a dashboard shows.
type (
	Profile struct{ Name string }
	Order   struct{ ID string }
)

func getProfile(ctx context.Context, user string) (Profile, error) {
	if err := ctx.Err(); err != nil {
		return Profile{}, err
	}
	return Profile{Name: user}, nil
}

func listOrders(ctx context.Context, user string) ([]Order, error) {
	if user == "" {
		return nil, errors.New("no user")
	}
	return []Order{{ID: "1"}}, ctx.Err()
}

func audit(ctx context.Context, event string) error {
	return ctx.Err()
}

// Dashboard loads a profile and orders in parallel, but the tasks use the
// caller's ctx instead of the context each task receives, so when one fails
// the other keeps running to completion (groupctx). And the audit task
// drops its error (swallowederr).
func Dashboard(ctx context.Context, user string) (Profile, []Order, error) {
	var profile Profile
	var orders []Order
	g := leash.NewGroup(ctx)
	g.Go(func(tctx context.Context) error {
		var err error
		profile, err = getProfile(ctx, user)
		return err
	})
	g.Go(func(tctx context.Context) error {
		var err error
		orders, err = listOrders(ctx, user)
		return err
	})
	g.Go(func(tctx context.Context) error {
		_ = audit(tctx, "dashboard "+user)
		return nil
	})
	if err := g.Wait(); err != nil {
		return Profile{}, nil, fmt.Errorf("dashboard for %s: %w", user, err)
	}
	return profile, orders, nil
}

// RefreshAll refreshes every user's cache and never looks at the result:
// a failed refresh goes unnoticed (swallowederr).
func RefreshAll(ctx context.Context, users []string) error {
	g := leash.NewGroup(ctx, leash.Limit(8))
	for _, u := range users {
		g.Go(func(ctx context.Context) error {
			_, err := listOrders(ctx, u)
			return err
		})
	}
	g.Wait()
	return nil
}
