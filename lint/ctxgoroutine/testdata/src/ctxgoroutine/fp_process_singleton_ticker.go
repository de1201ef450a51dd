// A look-alike that is harmless: one process-wide goroutine, started once at start-up,
// ranges over a ticker; the ctx in scope is only where the configuration is read from.
// From: rclone fs/accounting/token_bucket.go:128 (StartTokenTicker(ctx): ci :=
// fs.GetConfig(ctx); go func() { for range ticker.C { ... } }(), called once from
// accounting.Start). Why harmless: a single goroutine for the process's lifetime is the
// design (bandwidth timetable); ctx is a configuration carrier, not the goroutine's
// lifetime. Nothing accumulates.
//
// The audit rules, which guess, report it.
package ctxgoroutine

import (
	"context"
	"sync"
	"time"
)

type bwConfigKey struct{}

type tokenBucket struct {
	mu    sync.Mutex
	limit int
}

func (tb *tokenBucket) StartTokenTicker(ctx context.Context) {
	limitAt, _ := ctx.Value(bwConfigKey{}).(func(time.Time) int)
	if limitAt == nil {
		return
	}
	ticker := time.NewTicker(time.Minute)
	go func() {
		for range ticker.C { // want `goroutine ranges over a ticker and never checks ctx`
			tb.mu.Lock()
			tb.limit = limitAt(time.Now())
			tb.mu.Unlock()
		}
	}()
}
