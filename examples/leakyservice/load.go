package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/leash-go/leash"
)

// stats counts what the load generator saw.
type stats struct {
	requests, partial, refused int64
}

// load sends requests to base from clients clients at once, for d: mostly
// searches, leaky and fixed, and exports, one in ten invalid.
func load(ctx context.Context, base string, d time.Duration, clients int) (stats, error) {
	client := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: clients},
	}
	defer client.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var requests, partial, refused atomic.Int64
	ids := make([]int, clients)
	err := leash.ForEach(ctx, ids, func(ctx context.Context, _ int) error {
		for ctx.Err() == nil {
			var path string
			switch n := rand.IntN(10); {
			case n < 5:
				path = "/search?q=gopher"
			case n < 8:
				path = "/search-fixed?q=gopher"
			case n < 9:
				path = "/export?items=a,,b"
			default:
				path = "/export?items=a,b,c"
			}
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
			if err != nil {
				return err
			}
			resp, err := client.Do(req)
			if err != nil {
				if ctx.Err() != nil {
					return nil // the load is over
				}
				return fmt.Errorf("GET %s: %w", path, err)
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err != nil && ctx.Err() == nil {
				return fmt.Errorf("GET %s: %w", path, err)
			}
			requests.Add(1)
			if resp.Header.Get("X-Partial") != "" {
				partial.Add(1)
			}
			if resp.StatusCode == http.StatusBadRequest {
				refused.Add(1)
			}
		}
		return nil
	}, leash.Limit(clients))
	if ctx.Err() != nil && err == ctx.Err() {
		err = nil
	}
	return stats{requests.Load(), partial.Load(), refused.Load()}, err
}
