// Look-alikes that are harmless: errors assigned to _ on purpose. From:
// navidrome core/external/provider.go:257 (best-effort enrichment tasks,
// _ = e.callGetImage(ctx, ...)), docker/compose pkg/compose/up.go:146
// (cancel(); _ = u.eg.Wait(); return err, and the tasks' errors gathered
// in a slice), dnscrypt-proxy proxy.go:349 (liveServers, _ = refresh(),
// a count only the refreshing goroutine reads again).
package swallowederr

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

func fetchImage(ctx context.Context, name string) error { return nil }
func startWatch(ctx context.Context) error              { return nil }
func refresh() (int, error)                             { return 0, nil }

// Every task is best effort: its error is dropped by name, and a missing
// image only leaves a field empty.
func Enrich(ctx context.Context, name string) {
	var g errgroup.Group
	g.SetLimit(2)
	g.Go(func() error { _ = fetchImage(ctx, name); return nil })
	g.Go(func() error { _ = fetchImage(ctx, name+"-thumb"); return nil })
	_ = g.Wait()
}

type session struct {
	eg   errgroup.Group
	mu   sync.Mutex
	errs []error
}

// The tasks record their errors in errs; Wait is ignored on purpose on the
// paths that already fail, after cancelling the tasks.
func Up(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &session{}
	s.eg.Go(func() error { return startWatch(ctx) })
	if err := startWatch(ctx); err != nil {
		cancel()
		_ = s.eg.Wait()
		return err
	}
	_ = s.eg.Wait()
	return errors.Join(s.errs...)
}

// live is read again only by the goroutine that refreshes it: no caller
// takes its zero value for a result.
var strict bool

func KeepFresh(servers []string) {
	live, err := refresh()
	if err != nil || live == 0 {
		return
	}
	go func() {
		for {
			delay := time.Hour
			if live == 0 {
				delay = time.Minute
			}
			time.Sleep(delay)
			live, _ = refresh()
			if live > 0 {
				strict = true
			}
		}
	}()
}
