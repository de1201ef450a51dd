// A leak: a constructor starts a goroutine that loops forever on a signal channel; every
// instance made adds one that never ends. From: rclone backend/cache/cache.go:470 (NewFs:
// signal.Notify(c, SIGHUP); go func() { for { s := <-c; ... f.DirCacheFlush() } }());
// rclone makes Fs values repeatedly (rc calls, tests), and each keeps its goroutine and the
// Fs it references. Why a bug: nothing stops the loop; the right stop is the instance's
// shutdown (the code already registers StopBackgroundRunners with atexit), not necessarily
// ctx. The finding is true; the suggested fix ("select on ctx.Done()") is only one way.
package ctxgoroutine

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

type cacheFs struct{ flushes int }

func newCacheFs(ctx context.Context) *cacheFs {
	f := &cacheFs{}
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGHUP)
	go func() {
		for { // want `goroutine loops forever with no way to stop it`
			if s := <-c; s == syscall.SIGHUP {
				f.flushes++
			}
		}
	}()
	return f
}
