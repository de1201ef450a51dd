// FP shape (issue 9, shape 8; outside the triage sample): wg.Add in a goroutine for work it hands
// on to another goroutine while it still holds its own count (its Done is deferred).
// From: containerd pkg/gc/gc.go:136 (ConcurrentMark: the per-node goroutine's send callback does
// wg.Add(1), then sends the child node to the dispatcher; the goroutine's own wg.Done is deferred).
// Why harmless: the counter cannot reach zero while the goroutine runs, so Wait cannot return
// between its Add and the hand-off; this is how dynamically found work is counted.
// (The dispatcher's goroutine per node is a separate, true unboundedgo finding:
// unboundedgo_tp_graph_walk.go; the two checks must be able to disagree on the same code.)
package wgadd

import (
	"context"
	"sync"
)

func markFrom(ctx context.Context, root int, refs func(int, func(int))) {
	var wg sync.WaitGroup
	grays := make(chan int)
	go func() {
		for gray := range grays {
			go func(gray int) {
				defer wg.Done()
				refs(gray, func(n int) {
					wg.Add(1)
					select {
					case grays <- n:
					case <-ctx.Done():
						wg.Done()
					}
				})
			}(gray)
		}
	}()
	wg.Add(1)
	grays <- root
	wg.Wait()
	close(grays)
}
