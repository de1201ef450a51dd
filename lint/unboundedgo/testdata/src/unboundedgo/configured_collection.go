// A look-alike that is harmless: fan-out over a collection sized by configuration. From:
// rclone backend/combine/combine.go:190 and :372 (opt.Upstreams, f.upstreams); the same
// shape is thanos pkg/store/proxy.go:470/566 (stores), pkg/query/endpointset.go:361/376
// (endpoint specs), pkg/alert/alert.go:317 (alertmanagers), rclone
// cmd/serve/dlna/dlna.go:424 (network interfaces), rclone lib/http/server.go:572
// (listeners). Why harmless: the number of upstreams is what the operator wrote in the
// remote's configuration; it does not grow with requests.
package unboundedgo

import (
	"context"

	"golang.org/x/sync/errgroup"
)

type CombineOptions struct {
	Upstreams []string // "dir=remote:path" entries from the config file
}

type combineFs struct {
	opt       CombineOptions
	upstreams map[string]string
}

func newCombineFs(ctx context.Context, opt CombineOptions, connect func(context.Context, string) error) (*combineFs, error) {
	f := &combineFs{opt: opt, upstreams: make(map[string]string, len(opt.Upstreams))}
	g, gCtx := errgroup.WithContext(ctx)
	for _, u := range opt.Upstreams { // configured, a handful
		g.Go(func() error { return connect(gCtx, u) })
	}
	return f, g.Wait()
}
