// A look-alike that is harmless: v, _ := f() where the zero value is exactly
// the meaning wanted on error ("no existing object", "no trackers"). From: rclone
// fs/operations/operations.go:2484 (dstOverwritten, _ := f.NewObject(gCtx, path);
// Move(gCtx, f, dstOverwritten, ...) treats nil as "nothing to overwrite"); outside the
// sample, rclone backend/internetarchive/internetarchive.go:1156 (fileTrackers, _ :=
// listOrString(...); slices.Contains(fileTrackers, tracker) is false for nil, so polling
// continues). Why harmless: the callee's contract returns nil on not-found, and the caller
// handles nil.
package swallowederr

import (
	"context"
	"errors"

	"golang.org/x/sync/errgroup"
)

type object struct{ path string }

var errNotFound = errors.New("object not found")

func renameAll(ctx context.Context, jobs <-chan [2]string, lookup func(context.Context, string) (*object, error),
	move func(context.Context, *object, string, string) error) error {
	g, gCtx := errgroup.WithContext(ctx)
	for range 4 {
		g.Go(func() error {
			for job := range jobs {
				existing, _ := lookup(gCtx, job[1]) // nil when there is nothing to overwrite
				if err := move(gCtx, existing, job[0], job[1]); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}
