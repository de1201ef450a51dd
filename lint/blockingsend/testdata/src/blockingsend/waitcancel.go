package blockingsend

import (
	"context"
	"sync"
	"time"
)

// A collector that leaves when its context ends, and a context that ends
// only once every sender is done: the function cancels it right after the
// Wait that each sender's deferred Done counts, so the collector's case
// on ctx.Done() never wins while a send is pending (polarismesh/polaris-go's
// CombineNotifyContext.Wait). Nothing is reported.
func CollectUntilAllSent(names []string, seen func(string)) {
	keys := make(chan string)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case k := <-keys:
				seen(k)
			}
		}
	}()
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys <- n
		}()
	}
	wg.Wait()
	cancel()
}

// The same with a pointer to the WaitGroup and a timeout in each sender,
// as polaris-go writes it.
func CollectOrTimeOut(names []string, timeout time.Duration, ready func(string) <-chan struct{}) {
	keys := make(chan string)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-keys:
			}
		}
	}()
	wg := &sync.WaitGroup{}
	wg.Add(len(names))
	for _, n := range names {
		go func(n string) {
			defer wg.Done()
			select {
			case <-time.After(timeout):
				return
			case <-ready(n):
				keys <- n
			}
		}(n)
	}
	wg.Wait()
	cancel()
}

// Look-alikes that are reported.

// The context comes from the caller's, which may end at any time.
func collectWithin(parent context.Context, names []string, seen func(string)) {
	keys := make(chan string)
	ctx, cancel := context.WithCancel(parent)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case k := <-keys:
				seen(k)
			}
		}
	}()
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys <- n // want `send on keys can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
		}()
	}
	wg.Wait()
	cancel()
}

// CollectWithin is the exported caller that makes the context end in sight.
func CollectWithin(names []string, seen func(string)) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	collectWithin(ctx, names, seen)
}

// Cancelled before the Wait.
func CollectCancelFirst(names []string, seen func(string)) {
	keys := make(chan string)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case k := <-keys:
				seen(k)
			}
		}
	}()
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys <- n // want `send on keys can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
		}()
	}
	cancel()
	wg.Wait()
}

// A sender the WaitGroup does not count.
func CollectUncounted(names []string, seen func(string)) {
	keys := make(chan string)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case k := <-keys:
				seen(k)
			}
		}
	}()
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys <- n // want `send on keys can block forever in the goroutines started at 2 places: the receiver stops waiting when <-ctx.Done\(\) wins`
		}()
	}
	go func() {
		keys <- "last"
	}()
	wg.Wait()
	cancel()
}
