package devshapes

import "context"

// The same announcement, made only when the first round succeeds: a
// failed first round returns without it, and the caller waits forever.
func startRotationChecked(ctx context.Context, rotate func() error) {
	first := make(chan struct{})
	go func() {
		for {
			if err := rotate(); err != nil {
				return
			}
			if first != nil {
				first <- struct{}{}
				first = nil
			}
			<-ctx.Done()
		}
	}()
	<-first // want `receive from first blocks forever when the goroutine started at line 9 returns at line 12 without sending on it or closing it`
}
