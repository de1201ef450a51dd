package groupctx

import (
	"context"
	"testing"

	"golang.org/x/sync/errgroup"
)

// In a test, a task on the parent context keeps running only after a
// sibling has failed, which fails the test: left alone by default.
func TestWorkflow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return fetch(gctx, "a") })
	g.Go(func() error {
		<-ctx.Done()
		return nil
	})
	cancel()
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
}
