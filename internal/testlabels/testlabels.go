// Package testlabels lets a leak checker keep its mark on the goroutines
// that package leash relabels.
//
// leashtest tells which test started a goroutine by a profiler label it gives
// the test's goroutine, which the runtime copies to every goroutine started
// from it. leash.PprofLabels replaces the labels of the goroutines leash
// starts with those of the call's context, which lacks that label: a goroutine
// a task started would then no longer say which test it came from. leash asks
// this package, in the goroutine that called it, for the labels to keep;
// leashtest, when a test binary uses it, answers. Elsewhere nothing is
// installed and nothing changes.
package testlabels

import (
	"context"
	"sync/atomic"
)

var keep atomic.Pointer[func(context.Context) context.Context]

// Set installs f, which returns ctx with the labels of the calling goroutine
// that must be kept on the goroutines started for it.
func Set(f func(ctx context.Context) context.Context) { keep.Store(&f) }

// Keep returns ctx with the labels of the calling goroutine that the
// installed function says to keep, or ctx as it is if none is installed.
func Keep(ctx context.Context) context.Context {
	if f := keep.Load(); f != nil {
		return (*f)(ctx)
	}
	return ctx
}
