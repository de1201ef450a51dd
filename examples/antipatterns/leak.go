package antipatterns

import (
	"context"
	"time"
)

// search stands for a slow call that cannot be interrupted.
func search(query string) string {
	time.Sleep(2 * time.Second)
	return "results for " + query
}

// SearchWithTimeout returns when the context ends, but the goroutine it
// started then blocks forever on its unbuffered send: nobody will ever
// receive (blockingsend). Under load every timed-out request leaves one
// goroutine and its memory behind.
func SearchWithTimeout(ctx context.Context, query string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- search(query)
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// FirstOf asks every replica and keeps the first answer; the others block
// forever on their sends (blockingsend).
func FirstOf(ctx context.Context, replicas []string, query string) string {
	answers := make(chan string)
	for _, r := range replicas[:min(len(replicas), 3)] {
		go func() {
			answers <- search(r + ":" + query)
		}()
	}
	return <-answers
}
