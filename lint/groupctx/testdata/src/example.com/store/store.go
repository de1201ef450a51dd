// Package store is a dependency whose functions take a context and ignore
// its cancellation: an in-memory index, a lookup of a value.
package store

import "context"

// Index is an in-memory index.
type Index struct{ keys map[string]bool }

// Has looks a key up in memory; ctx is there for the interface's sake.
func (x *Index) Has(ctx context.Context, key string) bool { return x.keys[key] }

type leaseKey struct{}

// LeaseOf reads the lease a context carries.
func LeaseOf(ctx context.Context) (string, bool) {
	id, ok := ctx.Value(leaseKey{}).(string)
	return id, ok
}

// Job keeps a context for work it starts later.
type Job struct{ ctx context.Context }

// NewJob keeps ctx: what cancelling it does is out of sight of a caller.
func NewJob(ctx context.Context) *Job { return &Job{ctx: ctx} }
