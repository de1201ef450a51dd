//go:build go1.21

package loopcapture

import (
	"context"
	"sync"

	"github.com/leash-go/leash"
	"golang.org/x/sync/errgroup"
)

func fetch(ctx context.Context, u string) error { return nil }

func goStatementNotLast(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = fetch(context.Background(), u) // want `goroutine captures loop variable u, shared by every iteration before Go 1.22 \(this file is go1.21\): copy it before starting the goroutine \(u := u\) or pass it as an argument`
		}()
		println("started")
	}
	wg.Wait()
}

func errgroupTask(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for i, u := range urls {
		g.Go(func() error {
			println(i) // want `goroutine captures loop variables i, u`
			return fetch(ctx, u)
		})
	}
	return g.Wait()
}

func threeClause(n int, out []int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {
			out[i] = i * i // want `loop variable i`
		})
	}
	wg.Wait()
}

func leashGroup(ctx context.Context, urls []string) error {
	g := leash.NewGroup(ctx)
	for _, u := range urls {
		if u == "" {
			continue
		}
		g.Go(func(ctx context.Context) error {
			return fetch(ctx, u) // want `loop variable u`
		})
	}
	return g.Wait()
}

// No fix: the variable changes after the goroutine starts.
func modifiedLater(n int) {
	for i := 0; i < n; i++ {
		go func() {
			println(i) // want `loop variable i`
		}()
		if i%2 == 0 {
			i++
		}
	}
}

// Fine: copied, passed as an argument, or not a loop variable.
func fine(ctx context.Context, urls []string) {
	for _, u := range urls {
		u := u
		go func() { _ = fetch(ctx, u) }()
	}
	for _, u := range urls {
		go func(u string) { _ = fetch(ctx, u) }(u)
	}
	for _, u := range urls {
		go fetch(ctx, u) // arguments are evaluated before the goroutine starts
	}
	var u string
	for _, u = range urls { // not declared by the loop
	}
	go func() { println(u) }()
}

// Fine: leash.ForEach returns before the next iteration.
func nestedForEach(ctx context.Context, batches [][]string) {
	for _, b := range batches {
		_ = leash.ForEach(ctx, b, func(ctx context.Context, u string) error {
			println(len(b))
			return fetch(ctx, u)
		})
	}
}

// Fine: the goroutine is in a subtest-like closure that the iteration waits
// for; the closure, not the goroutine, captures the variable.
func inSubtest(run func(string, func()), urls []string) {
	for _, u := range urls {
		run(u, func() {
			done := make(chan struct{})
			go func() {
				_ = fetch(context.Background(), u)
				close(done)
			}()
			<-done
		})
	}
}
