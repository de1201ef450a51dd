package antipatterns

import (
	"context"
	"time"
)

// StartFlusher flushes a buffer every second, forever: the context is at
// hand but the loop never looks at it, so the goroutine outlives whatever
// started it (ctxgoroutine, with -audit).
func StartFlusher(ctx context.Context, flush func()) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for range t.C {
			flush()
		}
	}()
}
