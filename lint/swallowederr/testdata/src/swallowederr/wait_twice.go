// A look-alike that is harmless: Wait's error is discarded in the goroutine that closes the
// results channel, and the caller checks the same group's Wait afterwards. From: thanos
// pkg/targets/proxy.go:60, pkg/status/proxy.go:59, pkg/rules/proxy.go:65,
// pkg/exemplars/proxy.go:140, pkg/metadata/proxy.go:65 (go func() { _ = g.Wait();
// close(respChan) }(); for resp := range respChan {...}; if err := g.Wait(); err != nil {
// return err }). Why harmless: errgroup.Wait returns the first error to every caller; the
// second Wait hands it on.
package swallowederr

import (
	"context"

	"golang.org/x/sync/errgroup"
)

func fanIn(ctx context.Context, clients []func(context.Context, chan<- string) error) ([]string, error) {
	g, gctx := errgroup.WithContext(ctx)
	respChan := make(chan string, 10)
	for _, c := range clients {
		g.Go(func() error { return c(gctx, respChan) })
	}
	go func() {
		_ = g.Wait()
		close(respChan)
	}()
	var out []string
	for r := range respChan {
		out = append(out, r)
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// A look-alike that is harmless too: the function hands the group's Wait
// to its caller as a function value, which returns the same first error
// whenever the caller calls it. From: clair contrib/cmd/quaybackstop
// (go func() { eg.Wait(); close(out) }(); return seq, eg.Wait).
func streamed(ctx context.Context, clients []func(context.Context, chan<- string) error) (<-chan string, func() error) {
	g, gctx := errgroup.WithContext(ctx)
	out := make(chan string, 10)
	for _, c := range clients {
		g.Go(func() error { return c(gctx, out) })
	}
	go func() {
		g.Wait()
		close(out)
	}()
	return out, g.Wait
}

// The same goroutine when the function hands the caller nothing to wait
// with: the tasks' failure is lost.
func streamedAlone(ctx context.Context, clients []func(context.Context, chan<- string) error) <-chan string {
	var g errgroup.Group
	out := make(chan string, 10)
	for _, c := range clients {
		g.Go(func() error { return c(ctx, out) })
	}
	go func() {
		g.Wait() // want `error of g.Wait ignored: a failed task goes unnoticed`
		close(out)
	}()
	return out
}
