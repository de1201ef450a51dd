package blockingsend

import (
	"context"
	"sync"
)

type fetched struct {
	v   int
	err error
}

// Two goroutines counted by Add(2), neither of which calls Done: the
// goroutine that waits to close the channels is left behind on every
// call. From: tonindexer anton internal/app/fetcher/tx.go.
func fetchBoth(ctx context.Context, a, b func(context.Context) (int, error)) (int, error) {
	var wg sync.WaitGroup
	wg.Add(2)
	aCh := make(chan fetched, 1)
	go func() { v, err := a(ctx); aCh <- fetched{v, err} }()
	bCh := make(chan fetched, 1)
	go func() { v, err := b(ctx); bCh <- fetched{v, err} }()
	go func() {
		wg.Wait() // want `wg.Wait blocks forever: wg.Add\(2\) \(line 18\) counts goroutines, and nothing calls wg.Done`
		close(aCh)
		close(bCh)
	}()
	ra, rb := <-aCh, <-bCh
	if ra.err != nil {
		return 0, ra.err
	}
	return ra.v + rb.v, rb.err
}

// The caller itself hangs: one Add for a goroutine that forgets Done.
func runOne(work func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { work() }()
	wg.Wait() // want `wg.Wait blocks forever`
}

// Fine: each goroutine marks itself done.
func runTwo(work func()) {
	var wg sync.WaitGroup
	wg.Add(2)
	for range 2 {
		go func() {
			defer wg.Done()
			work()
		}()
	}
	wg.Wait()
}

// Fine: Go counts and marks done by itself.
func runGo(work func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { work(); wg.Add(-1) }()
	wg.Go(work)
	wg.Wait()
}

// Fine: Add(-1) is a Done.
func runNegative(work func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { work(); wg.Add(-1) }()
	wg.Wait()
}

// Fine: the WaitGroup is handed to a helper that may call Done.
func runHanded(work func(*sync.WaitGroup)) {
	var wg sync.WaitGroup
	wg.Add(1)
	go work(&wg)
	wg.Wait()
}

// Fine: a count computed at run time may be zero, and a WaitGroup reached
// through a pointer may be marked done elsewhere.
func runComputed(items []int, shared *sync.WaitGroup) {
	var wg sync.WaitGroup
	wg.Add(len(items))
	wg.Wait()
	p := shared
	p.Add(1)
	p.Wait()
}
