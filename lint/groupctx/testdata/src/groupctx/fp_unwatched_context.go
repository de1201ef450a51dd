// Look-alikes that are harmless as far as the code shows: the group's
// context after Wait, or the parent context in a task, handed only to code
// that does not watch its cancellation — an in-memory lookup that takes a
// context for an interface's sake, a value read through a dependency, a
// logger, a constructor that keeps it for later (what cancelling it does
// then is out of sight). Shapes seen in build-cache and reconciler code:
// eg, ctx := errgroup.WithContext(ctx); ...; eg.Wait(); then
// computeMetadata(ctx), which only reads a lease id from ctx. The uses
// that reach the standard library's I/O, or a function that reads Err or
// Done, are still reported.
package groupctx

import (
	"context"
	"log/slog"
	"net/http"

	"example.com/store"
	"golang.org/x/sync/errgroup"
)

func metadata(ctx context.Context) string {
	id, _ := store.LeaseOf(ctx)
	return id
}

func exportLayers(ctx context.Context, x *store.Index, layers []string) (string, error) {
	eg, ctx := errgroup.WithContext(ctx)
	for _, l := range layers {
		eg.Go(func() error { return fetch(ctx, l) })
	}
	if err := eg.Wait(); err != nil {
		return "", err
	}
	if !x.Has(ctx, "index") {
		slog.InfoContext(ctx, "no index")
	}
	_ = store.NewJob(ctx)
	return metadata(ctx), nil
}

func reconcile(ctx context.Context, x *store.Index, names []string) error {
	eg, egCtx := errgroup.WithContext(ctx)
	for _, n := range names {
		eg.Go(func() error {
			if x.Has(ctx, n) {
				slog.InfoContext(ctx, "present", "name", n)
				return nil
			}
			return fetch(egCtx, n)
		})
	}
	return eg.Wait()
}

// The same shapes handing the context to I/O are reported.
func download(ctx context.Context, urls []string) (*http.Request, error) {
	eg, ctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		eg.Go(func() error { return fetch(ctx, u) })
	}
	if err := eg.Wait(); err != nil {
		return nil, err
	}
	return http.NewRequestWithContext(ctx, http.MethodGet, urls[0], nil) // want `ctx is the group's context, cancelled once Wait returns`
}

func probe(ctx context.Context, urls []string) error {
	eg, egCtx := errgroup.WithContext(ctx)
	for _, u := range urls {
		eg.Go(func() error {
			req, err := http.NewRequestWithContext(ctx, http.MethodHead, u, nil) // want `task uses ctx, which is not cancelled when another task fails: use the group's context egCtx`
			if err != nil {
				return err
			}
			_ = req
			return fetch(egCtx, u)
		})
	}
	return eg.Wait()
}
