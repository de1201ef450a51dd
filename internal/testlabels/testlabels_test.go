package testlabels

import (
	"context"
	"testing"
)

type key struct{}

func TestKeep(t *testing.T) {
	prev := keep.Load() // leashtest, which checks these tests, installs one
	defer keep.Store(prev)

	ctx := context.Background()
	keep.Store(nil)
	if got := Keep(ctx); got != ctx {
		t.Fatal("Keep changed the context with nothing installed")
	}
	Set(func(ctx context.Context) context.Context { return context.WithValue(ctx, key{}, "kept") })
	if got := Keep(ctx).Value(key{}); got != "kept" {
		t.Fatalf("Keep did not call the installed function: value %v", got)
	}
}
