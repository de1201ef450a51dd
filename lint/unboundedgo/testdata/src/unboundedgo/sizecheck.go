package unboundedgo

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"sync"

	"golang.org/x/sync/errgroup"
)

const maxBatch = 100

// Fine: the handler turns a request with too many ids away before it fans
// out: at most maxBatch goroutines, a bound the program chose.
func boundedHandler(w http.ResponseWriter, r *http.Request) {
	var req struct{ IDs []string }
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if len(req.IDs) == 0 || maxBatch < len(req.IDs) {
		http.Error(w, "bad batch", http.StatusBadRequest)
		return
	}
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		wg.Go(func() { fetchOne(r.Context(), id) })
	}
	wg.Wait()
}

// Fine: the caller decodes the items, has a validation function turn too
// many away, and only then hands them to the fan-out. From: dagnats
// internal/engine/map_handlers.go (MaxItems checked in
// validateAndInitMapInstances before publishMapTasks).
func enqueueItems(ctx context.Context, raw []byte, maxItems int) error {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return err
	}
	if err := validateItems(items, maxItems); err != nil {
		return err
	}
	return publishItems(ctx, items)
}

func validateItems(items []json.RawMessage, maxItems int) error {
	if len(items) > maxItems {
		return errors.New("too many items")
	}
	return nil
}

func publishItems(ctx context.Context, items []json.RawMessage) error {
	var g errgroup.Group
	for _, it := range items {
		g.Go(func() error { return process(ctx, len(it)) })
	}
	return g.Wait()
}

// Look-alikes, still reported.

// Only an empty request is turned away.
func emptyChecked(w http.ResponseWriter, r *http.Request) {
	var req struct{ IDs []string }
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return
	}
	if len(req.IDs) == 0 {
		return
	}
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		wg.Go(func() { fetchOne(r.Context(), id) }) // want `wg.Go per element of req.IDs with no limit`
	}
	wg.Wait()
}

// The size is checked on one branch only.
func checkedForGuests(w http.ResponseWriter, r *http.Request, admin bool) {
	var req struct{ IDs []string }
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return
	}
	if !admin {
		if len(req.IDs) > maxBatch {
			return
		}
	}
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		wg.Go(func() { fetchOne(r.Context(), id) }) // want `wg.Go per element of req.IDs with no limit`
	}
	wg.Wait()
}

// A size too large is only logged.
func loggedOnly(w http.ResponseWriter, r *http.Request) {
	var req struct{ IDs []string }
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return
	}
	if len(req.IDs) > maxBatch {
		log.Printf("large batch: %d", len(req.IDs))
	}
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		wg.Go(func() { fetchOne(r.Context(), id) }) // want `wg.Go per element of req.IDs with no limit`
	}
	wg.Wait()
}

// The validation function checks something else than the size.
func enqueueUnchecked(ctx context.Context, raw []byte) error {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return err
	}
	if err := validateShape(items); err != nil {
		return err
	}
	return publishAll(ctx, items)
}

func validateShape(items []json.RawMessage) error {
	for _, it := range items {
		if len(it) == 0 {
			return errors.New("empty item")
		}
	}
	return nil
}

func publishAll(ctx context.Context, items []json.RawMessage) error {
	var g errgroup.Group
	for _, it := range items {
		g.Go(func() error { return process(ctx, len(it)) }) // want `g.Go per element of items with no limit`
	}
	return g.Wait()
}

// The validation function lets a large collection through: return nil.
func enqueueLenient(ctx context.Context, raw []byte) error {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return err
	}
	if err := skipLargeChecks(items); err != nil {
		return err
	}
	return publishLenient(ctx, items)
}

func skipLargeChecks(items []json.RawMessage) error {
	if len(items) > maxBatch {
		return nil // too many to check one by one
	}
	return validateShape(items)
}

func publishLenient(ctx context.Context, items []json.RawMessage) error {
	var g errgroup.Group
	for _, it := range items {
		g.Go(func() error { return process(ctx, len(it)) }) // want `g.Go per element of items with no limit`
	}
	return g.Wait()
}
