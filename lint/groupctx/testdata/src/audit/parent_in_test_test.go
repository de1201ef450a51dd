package audit

import (
	"context"
	"testing"

	"golang.org/x/sync/errgroup"
)

// A task of a test on the parent context keeps running only after a
// sibling has failed, which fails the test: left alone by default, reported
// with -groupctx.audit.
func TestWorkflow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return fetch(gctx, "a") })
	g.Go(func() error {
		<-ctx.Done() // want `task uses ctx, which is not cancelled when another task fails: use the group's context gctx`
		return nil
	})
	cancel()
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
}
