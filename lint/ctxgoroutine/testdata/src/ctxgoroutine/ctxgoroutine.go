// Package ctxgoroutine holds what the check reports by default, and, in
// the other files, look-alikes seen on real code.
package ctxgoroutine

import (
	"context"
	"net/http"
	"os/exec"
	"time"
)

// The caller's context is taken and ignored: each call starts a flusher
// that runs until the process exits.
func StartFlusher(ctx context.Context, flush func()) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for range t.C { // want `goroutine ranges over a ticker and never checks ctx`
			flush()
		}
	}()
}

// Calls of the standard library that block on the network or a process
// and have a variant that takes the context at hand.
func CheckAll(ctx context.Context, urls []string) {
	for _, u := range urls {
		go func() {
			resp, err := http.Get(u) // want `http.Get cannot be cancelled although the goroutine has ctx: use http.NewRequestWithContext and Client.Do`
			if err == nil {
				resp.Body.Close()
			}
			exec.Command("true").Run() // want `exec.Command cannot be cancelled although the goroutine has ctx: use exec.CommandContext`
		}()
	}
}

// Fine: the flusher stops with the context.
func StartFlusherCtx(ctx context.Context, flush func()) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				flush()
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Fine: context.Background() is the only context at hand.
func Ping(urls []string) {
	ctx := context.Background()
	for _, u := range urls {
		go func() {
			req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
			http.Get(u)
			_ = req
		}()
	}
}
