package unboundedgo

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"

	"golang.org/x/sync/errgroup"
)

// A handler fans out over the ids in the request body: the client decides
// how many goroutines run.
func lookupHandler(w http.ResponseWriter, r *http.Request) {
	var req struct{ IDs []string }
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		wg.Go(func() { fetchOne(r.Context(), id) }) // want `wg.Go per element of req.IDs with no limit`
	}
	wg.Wait()
}

// The query string's values, one goroutine each.
func purgeHandler(w http.ResponseWriter, r *http.Request) {
	g, ctx := errgroup.WithContext(r.Context())
	for _, key := range r.URL.Query()["key"] {
		g.Go(func() error { return process(ctx, len(key)) }) // want `g.Go per element of r.URL.Query\(\)\["key"\] with no limit: call g.SetLimit`
	}
	_ = g.Wait()
}

// BatchGetRequest is the request message of an RPC, generated from its
// protocol buffers definition.
type BatchGetRequest struct{ Keys []string }

func (*BatchGetRequest) ProtoMessage() {}

type server struct{}

// An RPC handler: the remote caller sizes the batch.
func (server) batchGet(ctx context.Context, req *BatchGetRequest) error {
	g, ctx := errgroup.WithContext(ctx)
	for i := 0; i < len(req.Keys); i++ {
		g.Go(func() error { return process(ctx, i) }) // want `g.Go per element of req.Keys with no limit`
	}
	return g.Wait()
}

// Fine: the limit is set before the fan-out.
func (server) batchGetLimited(ctx context.Context, req *BatchGetRequest) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for _, k := range req.Keys {
		g.Go(func() error { return process(ctx, len(k)) })
	}
	return g.Wait()
}

// Check is a component the program registers itself.
type Check interface{ Run(context.Context) error }

// Fine: the checks are the program's own list of components, whatever
// exported function receives them.
func RunChecks(ctx context.Context, checks []Check) {
	var wg sync.WaitGroup
	for _, c := range checks {
		wg.Go(func() { _ = c.Run(ctx) })
	}
	wg.Wait()
}

// Fine: a generic helper; what it is given, and how much, is its callers'
// business.
func ParallelMap[T any](in []T, f func(T)) {
	var wg sync.WaitGroup
	for _, v := range in {
		wg.Go(func() { f(v) })
	}
	wg.Wait()
}

// Fine: decoded from configuration read at start, not from a request —
// but the code does not say so either, and nothing is decoded here.
func startAll(ctx context.Context, targets []string) {
	for _, t := range targets {
		go process(ctx, len(t))
	}
}

// NewContainerRequest is a plain struct an in-process API takes, though
// named like an RPC's message: the program that fills it sizes it. A
// look-alike seen in a build daemon's frontend bridge (one goroutine per
// mount of a container the daemon's own frontends ask for).
type NewContainerRequest struct{ Mounts []string }

func (server) newContainer(ctx context.Context, req NewContainerRequest) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, m := range req.Mounts {
		g.Go(func() error { return process(ctx, len(m)) })
	}
	return g.Wait()
}

// ExportRequest is the request message of an export RPC.
type ExportRequest struct{ Batches [][]string }

func (*ExportRequest) ProtoMessage() {}

// A look-alike that is harmless: each round over the request waits for
// its tasks before the next, and a round starts one per exporter, a list
// the server holds: the request's size sets how long the call takes, not
// how many goroutines run at once. From: dagger
// engine/telemetry/metrics.go:21 (ReexportMetricsFromPB).
func (server) export(ctx context.Context, exporters []func(context.Context, []string) error, req *ExportRequest) error {
	for _, batch := range req.Batches {
		var g errgroup.Group
		for _, exp := range exporters {
			g.Go(func() error { return exp(ctx, batch) })
		}
		if err := g.Wait(); err != nil {
			return err
		}
	}
	return nil
}

// The same with the Wait after the loop: the rounds add up, one task per
// exporter and batch at once.
func (server) exportAll(ctx context.Context, exporters []func(context.Context, []string) error, req *ExportRequest) error {
	var g errgroup.Group
	for _, batch := range req.Batches {
		for _, exp := range exporters {
			g.Go(func() error { return exp(ctx, batch) }) // want `g.Go per element of req.Batches with no limit`
		}
	}
	return g.Wait()
}
