package devshapes

import (
	"context"
	"time"
)

// A rotation loop that announces its first round: the channel variable
// holds the channel until the goroutine sends on it once and sets it to
// nil, so the first round always sends, and the caller's receive always
// completes.
func startRotation(ctx context.Context, rotate func()) {
	first := make(chan struct{})
	go func() {
		for {
			rotate()
			if first != nil {
				first <- struct{}{}
				first = nil
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(24 * time.Hour):
			}
		}
	}()
	<-first
}
