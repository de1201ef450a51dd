package antipatterns

import (
	"context"
	"io"
	"net/http"
	"sync"
)

// Item is what the fetch functions fetch.
type Item struct {
	ID   string
	Body []byte
}

// fetchOneNoCtx fetches one item with no way to cancel the request.
func fetchOneNoCtx(id string) (Item, error) {
	resp, err := http.Get("https://items.example.com/" + id)
	if err != nil {
		return Item{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return Item{ID: id, Body: body}, err
}

// FetchAllBad is the playbook's "will leak if the caller times out": one
// goroutine per id however many ids there are, and the ids are what a
// client sent to itemsHandler (handler.go), so a request with 50,000 ids
// starts 50,000 goroutines and connections (unboundedgo); none of them can
// be stopped, and each drops its error (swallowederr).
func FetchAllBad(ids []string) ([]Item, error) {
	items := make([]Item, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func(i int, id string) {
			defer wg.Done()
			item, _ := fetchOneNoCtx(id) // no way to cancel, error dropped
			items[i] = item
		}(i, id)
	}
	wg.Wait()
	return items, nil
}

// CheckAll starts a goroutine per URL and reports the first failure. The
// URLs are the query string of checkHandler (handler.go): a client listing
// 50,000 URLs gets 50,000 goroutines and as many open connections
// (unboundedgo); and the caller's context is at hand but the requests
// ignore it (ctxgoroutine, with -audit).
func CheckAll(ctx context.Context, urls []string) error {
	errs := make(chan error, len(urls))
	for _, u := range urls {
		go func() {
			resp, err := http.Get(u)
			if err == nil {
				resp.Body.Close()
			}
			errs <- err
		}()
	}
	for range urls {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

// ParallelMap is the playbook's own example of a semaphore taken inside
// the goroutine: it caps how many transforms run, but still starts one
// goroutine per item up front — one per name a client sent to
// normalizeHandler (handler.go) (unboundedgo).
func ParallelMap(ctx context.Context, in []string, transform func(context.Context, string) (string, error)) ([]string, error) {
	out := make([]string, len(in))
	errs := make([]error, len(in))
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i, item := range in {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				errs[i] = ctx.Err()
				return
			}
			out[i], errs[i] = transform(ctx, item)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
