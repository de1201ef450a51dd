//go:build go1.21

package antipatterns

import (
	"context"
	"sync"
)

// NotifyAll is compiled with Go 1.21 semantics (see the build line above),
// where every iteration shares u: the goroutines may all notify the last
// user (loopcapture). go vet's loopclosure misses it because the go
// statement is not the last statement of the loop.
func NotifyAll(ctx context.Context, users []string, notify func(context.Context, string) error) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for _, u := range users[:min(len(users), 4)] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := notify(ctx, u); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
		_ = ctx.Err()
	}
	wg.Wait()
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}
