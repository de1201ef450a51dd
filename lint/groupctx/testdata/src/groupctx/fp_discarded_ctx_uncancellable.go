// A look-alike that is harmless: the context WithContext returns is discarded where the
// tasks take no context (they close things), or where the work must outlive Wait and so
// must not use the group's context (errgroup cancels it when Wait returns). From: rclone
// backend/smb/filepool.go:90 and connpool.go:246 (g, _ := errgroup.WithContext(ctx);
// g.Go(func() error { return f.Close() })); outside the sample, thanos
// pkg/store/bucket.go:1580 (lazy response sets keep streaming with srv.Context() after
// g.Wait()). Why harmless: the warning "tasks are not cancelled when one fails" is what the
// code wants; a plain errgroup.Group would behave the same. At most a style note, not a
// bug.
package groupctx

import (
	"context"
	"io"

	"golang.org/x/sync/errgroup"
)

type filePool struct {
	ctx  context.Context
	pool []io.Closer
}

func (p *filePool) drain() error {
	files := p.pool
	p.pool = nil
	g, _ := errgroup.WithContext(p.ctx) // want `the context errgroup.WithContext returns is discarded`
	for _, f := range files {
		g.Go(func() error { return f.Close() })
	}
	return g.Wait()
}
