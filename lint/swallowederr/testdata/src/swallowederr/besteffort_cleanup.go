// A look-alike that is harmless: best-effort cleanup on a path that has already failed and
// been logged, in a task that returns nil on every path by design (one bad item must not
// stop the others). From: containerd core/runtime/v2/shim_load.go:100/108/113/118
// (bundle.Delete() after a failed open/read/load, then `return nil`; the group is only a
// bounded worker pool). Why harmless: returning the cleanup error would cancel the loading
// of every other shim; the task has no caller to hand it to but the log. Close-like cleanup
// (Delete, Remove) on an error path is the same convention as Close.
package swallowederr

import (
	"log"
	"os"
	"runtime"

	"golang.org/x/sync/errgroup"
)

type bundle struct{ Path string }

func (b *bundle) Delete() error { return os.RemoveAll(b.Path) }

func loadAll(bundles []*bundle, load func(*bundle) error) {
	var eg errgroup.Group
	eg.SetLimit(runtime.GOMAXPROCS(0))
	for _, b := range bundles {
		eg.Go(func() error {
			if err := load(b); err != nil {
				log.Printf("load %s: %v", b.Path, err)
				b.Delete()
				return nil
			}
			return nil
		})
	}
	_ = eg.Wait()
}
