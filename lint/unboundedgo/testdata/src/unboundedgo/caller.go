package unboundedgo

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
)

// The callers that show where the fan-out's input comes from: a handler
// decodes the ids and hands them on, so a client decides how many
// goroutines FetchAllBad and FetchAll start.
func fetchHandler(w http.ResponseWriter, r *http.Request) {
	var req struct{ IDs []string }
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	FetchAllBad(req.IDs)
	if _, err := FetchAll(r.Context(), req.IDs); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
	}
}

// RunRequest is the request message of an RPC.
type RunRequest struct{ Jobs []int }

func (*RunRequest) ProtoMessage() {}

func (server) run(ctx context.Context, req *RunRequest) error {
	return Leash(ctx, req.Jobs)
}

// Purge's keys come from the query string of a handler written as a
// function literal, whatever the function's name or its other callers.
func Purge(ctx context.Context, keys ...string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() { process(ctx, len(k)) }) // want `wg.Go per element of keys with no limit`
	}
	wg.Wait()
}

func routes(mux *http.ServeMux) {
	mux.HandleFunc("/purge", func(w http.ResponseWriter, r *http.Request) {
		Purge(r.Context(), r.URL.Query()["key"]...)
	})
	mux.HandleFunc("/evict", func(w http.ResponseWriter, r *http.Request) {
		Evict(r.Context(), r.FormValue("key")) // one key: not the request's size
	})
}

// Fine: its only caller passes one key of the request, however many
// keys the request holds.
func Evict(ctx context.Context, keys ...string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() { process(ctx, len(k)) })
	}
	wg.Wait()
}

type cluster struct{ addrs []string }

// Fine: an exported function over a slice of strings, whose only caller
// passes the cluster's configured addresses. The code does not show the
// list growing with requests.
func Ping(ctx context.Context, targets []string) {
	var wg sync.WaitGroup
	for _, t := range targets {
		wg.Go(func() { process(ctx, len(t)) })
	}
	wg.Wait()
}

func (c *cluster) check(ctx context.Context) { Ping(ctx, c.targets()) }

func (c *cluster) targets() []string { return c.addrs }

// Fine: the handler decodes a request but hands on something else, or
// decodes only after the call.
func (c *cluster) statusHandler(w http.ResponseWriter, r *http.Request) {
	var req struct{ Nodes []string }
	Ping(r.Context(), req.Nodes) // before the decoding: not what the client sent
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return
	}
	Ping(r.Context(), c.addrs)
}

// Fine: the function narrows what it is given, through a call, before
// fanning out: what it ranges over is no longer the caller's.
func Sample(ctx context.Context, ids []string) {
	ids = firstPage(ids)
	for _, id := range ids {
		go fetchOne(ctx, id)
	}
}

func firstPage(ids []string) []string { return ids[:min(len(ids), 100)] }

func sampleHandler(w http.ResponseWriter, r *http.Request) {
	var req struct{ IDs []string }
	if json.NewDecoder(r.Body).Decode(&req) == nil {
		Sample(r.Context(), req.IDs)
	}
}
