// A look-alike that is harmless: fan-out over callbacks that the program's own components
// registered to stop themselves. From: containerd pkg/shutdown/shutdown.go:85
// (grp.Go(func() error { return fn(ctx) }) per registered shutdown callback). Why harmless:
// the callbacks are registered by the process's components (a handful, fixed by the code),
// and they stop what already runs; running them at once bounds shutdown by the slowest, as
// the check's own doc says of Stop/Close fan-outs. The first call on the element is a call
// of the function value itself, so a name-based "stop-like method" rule cannot see it.
package unboundedgo

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

type shutdownService struct {
	mu        sync.Mutex
	callbacks []func(context.Context) error
}

func (s *shutdownService) RegisterCallback(fn func(context.Context) error) {
	s.mu.Lock()
	s.callbacks = append(s.callbacks, fn)
	s.mu.Unlock()
}

func (s *shutdownService) Shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	grp, ctx := errgroup.WithContext(ctx)
	for _, fn := range s.callbacks {
		grp.Go(func() error { return fn(ctx) })
	}
	return grp.Wait()
}
