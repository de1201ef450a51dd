package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/leash-go/leash"
)

// The search service: each request asks three backends at once and answers
// with what came back within its deadline. Its two versions differ in one
// line, the send of a backend's answer.
var backends = []string{"catalog", "reviews", "offers"}

// deadline is how long a search may take: backends answer in 5ms to
// maxLatency, so most requests lose one backend or two.
const (
	deadline   = 25 * time.Millisecond
	maxLatency = 60 * time.Millisecond
)

// A hit is what a backend answers.
type hit struct {
	Backend string `json:"backend"`
	Results int    `json:"results"`
}

// query asks a backend. Like many a client, it takes no context: it cannot
// be cancelled, it can only be waited for.
func query(backend, q string) hit {
	time.Sleep(5*time.Millisecond + rand.N(maxLatency-5*time.Millisecond+1))
	return hit{Backend: backend, Results: len(q) * (1 + rand.IntN(9))}
}

// search leaks. When the deadline passes first, search returns, and every
// backend that answers after it blocks forever on its send: nothing will
// ever receive from hits again. The runtime proves these goroutines blocked
// forever, and leakwatch finds them here, one site with a count that grows
// with every slow request.
func search(ctx context.Context, q string) []hit {
	hits := make(chan hit)
	for _, b := range backends {
		go func() {
			//leash:ignore blockingsend the leak this example is about
			hits <- query(b, q)
		}()
	}
	var got []hit
	for range backends {
		select {
		case h := <-hits:
			got = append(got, h)
		case <-ctx.Done():
			return got
		}
	}
	return got
}

// searchFixed is search with the send guarded by the request's context
// (leash.Send): a backend that answers late gives up instead of waiting
// forever. leakwatch finds nothing here.
func searchFixed(ctx context.Context, q string) []hit {
	hits := make(chan hit)
	for _, b := range backends {
		go func() {
			leash.Send(ctx, hits, query(b, q))
		}()
	}
	var got []hit
	for range backends {
		h, _, err := leash.Recv(ctx, hits)
		if err != nil {
			return got
		}
		got = append(got, h)
	}
	return got
}

// export writes items through a writer goroutine, and leaks it when an item
// is invalid: it returns early without closing lines, so the writer waits
// for the next line forever.
func export(items []string) (int, error) {
	lines := make(chan string)
	written := make(chan int, 1)
	go func() {
		n := 0
		for range lines { // the writer
			n++
		}
		written <- n
	}()
	for _, it := range items {
		if it == "" {
			return 0, errors.New("empty item")
		}
		lines <- it
	}
	close(lines)
	return <-written, nil
}

// handler serves the service's endpoints.
func handler() http.Handler {
	mux := http.NewServeMux()
	searchWith := func(search func(context.Context, string) []hit) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), deadline)
			defer cancel()
			hits := search(ctx, r.URL.Query().Get("q"))
			if len(hits) < len(backends) {
				w.Header().Set("X-Partial", "true")
			}
			json.NewEncoder(w).Encode(hits)
		}
	}
	mux.HandleFunc("GET /search", searchWith(search))
	mux.HandleFunc("GET /search-fixed", searchWith(searchFixed))
	mux.HandleFunc("GET /export", func(w http.ResponseWriter, r *http.Request) {
		n, err := export(strings.Split(r.URL.Query().Get("items"), ","))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Fprintln(w, n, "items exported")
	})
	return mux
}
