// A look-alike that is harmless: wg.Add in a callback of a goroutine, for
// work it hands on to another goroutine, while it still holds its own count
// (its Done is deferred). The counter cannot reach zero while the goroutine
// runs, so Wait cannot return between the Add and the hand-off: this is how
// work found as it goes is counted. From: containerd pkg/gc/gc.go:136.
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
