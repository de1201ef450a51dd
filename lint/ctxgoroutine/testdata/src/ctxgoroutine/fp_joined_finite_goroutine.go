// A look-alike that is harmless: a finite goroutine, joined right after by a WaitGroup,
// makes bounded calls with context.Background() although a test-deadline context is in
// scope. From: thanos pkg/compact/compact_test.go:734/736/743 (for timeoutCtx.Err() == nil
// { ... go func() { defer wg.Done(); ...
// blocksCleaner.DeleteMarkedBlocks(context.Background()) }(); ...; wg.Wait() }); outside
// the sample, thanos pkg/store/bucket_test.go:3652. Why harmless: the goroutine cannot
// outlive its iteration; the outer context only bounds how many iterations the race test
// runs, it is not the goroutine's lifetime.
package ctxgoroutine

import (
	"context"
	"sync"
	"time"
)

func raceLoop(deleteMarked func(context.Context) error, syncMetas func(context.Context) error) {
	timeoutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for timeoutCtx.Err() == nil {
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			_ = deleteMarked(context.Background())
		}()
		go func() {
			defer wg.Done()
			for range 100 {
				_ = syncMetas(context.Background())
			}
		}()
		wg.Wait()
	}
}
