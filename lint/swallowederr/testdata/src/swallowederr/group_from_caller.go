// A look-alike that is harmless: a group the function was given, by a
// parameter or through one, starts tasks and is not waited for here. From:
// restic internal/archiver/file_saver.go:35, tree_saver.go:23,
// internal/repository/packer_uploader.go:24, repository.go:604
// (func newFileSaver(ctx context.Context, wg *errgroup.Group, ...) { for
// range fileWorkers { wg.Go(func() error { s.worker(ctx, ch); return nil })
// } }). Why harmless: the caller made the group and waits on it, returning
// its error; the helper only adds workers to it. A group the function makes
// itself and nothing waits on is still reported.
package swallowederr

import (
	"context"

	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
)

type saver struct{ jobs chan string }

func (s *saver) worker(ctx context.Context) error { return nil }

func newSaver(ctx context.Context, wg *errgroup.Group, workers int) *saver {
	s := &saver{jobs: make(chan string)}
	for range workers {
		wg.Go(func() error { return s.worker(ctx) })
	}
	return s
}

type saverOptions struct {
	group   *errgroup.Group
	workers int
}

func newSaverFromOptions(ctx context.Context, opts saverOptions) *saver {
	s := &saver{jobs: make(chan string)}
	g := opts.group
	for range opts.workers {
		g.Go(func() error { return s.worker(ctx) })
	}
	return s
}

func startOnEach(ctx context.Context, groups []*errgroup.Group) {
	s := &saver{jobs: make(chan string)}
	for _, g := range groups {
		g.Go(func() error { return s.worker(ctx) })
	}
}

func saveAll(ctx context.Context) error {
	wg, ctx := errgroup.WithContext(ctx)
	newSaver(ctx, wg, 2)
	return wg.Wait()
}

// Made here and never waited for: the workers outlive the call.
func startSaverZero(ctx context.Context) {
	var g errgroup.Group // want `group g starts tasks but is never waited for`
	s := &saver{jobs: make(chan string)}
	g.Go(func() error { return s.worker(ctx) })
}

func startSaverPool(ctx context.Context) {
	p := pool.New().WithErrors().WithMaxGoroutines(2) // want `group p starts tasks but is never waited for`
	s := &saver{jobs: make(chan string)}
	p.Go(func() error { return s.worker(ctx) })
}

func startSaverNew(ctx context.Context) {
	g := new(errgroup.Group) // want `group g starts tasks but is never waited for`
	s := &saver{jobs: make(chan string)}
	g.Go(func() error { return s.worker(ctx) })
}

// Never waited for, but every task returns nil: failures go elsewhere
// (here a channel the caller reads), so no error is lost.
func startReporting(ctx context.Context, units []string, failed chan<- string) {
	var g errgroup.Group
	for _, u := range units {
		g.Go(func() error {
			if err := process(ctx, u); err != nil {
				failed <- u
			}
			return nil
		})
	}
}

func process(ctx context.Context, unit string) error { return ctx.Err() }
