// A look-alike that is harmless: the error of a structured logger's Log call (go-kit
// log.Logger.Log returns error) dropped in a group task. From: thanos
// pkg/compact/compact.go:1249/1221/1702, pkg/compact/downsample/downsample.go:1388,
// pkg/block/fetcher.go:1331 (level.Warn(f.logger).Log("msg", ...) in g.Go tasks). Why
// harmless: nobody handles a logger's failure to log; every go-kit user drops it. A logging
// call is not a result-producing call.
package swallowederr

import "golang.org/x/sync/errgroup"

type kitLogger interface {
	Log(keyvals ...any) error
}

func readMarkers(l kitLogger, ids []string, read func(string) error) error {
	var g errgroup.Group
	g.SetLimit(4)
	for _, id := range ids {
		g.Go(func() error {
			if err := read(id); err != nil {
				l.Log("msg", "found partial marker", "block", id, "err", err)
				return nil
			}
			return nil
		})
	}
	return g.Wait()
}
