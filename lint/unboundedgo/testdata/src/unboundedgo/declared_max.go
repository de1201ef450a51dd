package unboundedgo

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"

	"golang.org/x/sync/errgroup"
)

// A request type whose validation tags bound the list's length: the
// validator turns a larger request away before the handler fans out.
// From: RSS3-Network Global-Indexer internal/service/hub (Accounts
// validate:"required,max=20", resolved one goroutine per account).
type accountsRequest struct {
	Accounts []string `json:"accounts" validate:"required,max=20"`
	Names    []string `json:"names" binding:"lte=8"`
	Tags     []string `json:"tags" validate:"required,dive,max=64"`
	Keys     []string `json:"keys" validate:"required"`
}

type pagedAccounts struct {
	accountsRequest
	Page int
}

// Fine: at most 20 accounts reach the fan-out one call away.
func accountsHandler(w http.ResponseWriter, r *http.Request) {
	var req accountsRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resolveAccounts(r.Context(), req.Accounts)
}

func resolveAccounts(ctx context.Context, accounts []string) error {
	var g errgroup.Group
	for i := range accounts {
		g.Go(func() error { _, err := fetchOne(ctx, accounts[i]); return err })
	}
	return g.Wait()
}

// Fine: gin's binding tag bounds the names; a promoted field keeps its tag.
func namesHandler(w http.ResponseWriter, r *http.Request) {
	var req pagedAccounts
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return
	}
	var wg sync.WaitGroup
	for _, n := range req.Names {
		wg.Go(func() { fetchOne(r.Context(), n) })
	}
	for _, a := range req.Accounts {
		wg.Go(func() { fetchOne(r.Context(), a) })
	}
	wg.Wait()
}

// Reported: max after dive bounds each tag's length, not how many tags
// there are; required alone bounds nothing.
func tagsHandler(w http.ResponseWriter, r *http.Request) {
	var req accountsRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return
	}
	var wg sync.WaitGroup
	for _, tag := range req.Tags {
		wg.Go(func() { fetchOne(r.Context(), tag) }) // want `wg.Go per element of req.Tags with no limit`
	}
	for _, k := range req.Keys {
		wg.Go(func() { fetchOne(r.Context(), k) }) // want `wg.Go per element of req.Keys with no limit`
	}
	wg.Wait()
}
