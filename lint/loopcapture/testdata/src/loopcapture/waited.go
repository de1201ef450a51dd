//go:build go1.21

// Look-alikes that are harmless: the iteration waits for every goroutine
// it starts before the loop variable changes. From: cubefs
// sdk/meta/trash.go:1006 (workers of one trash entry, wg.Wait() at the end
// of each round).
package loopcapture

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func rebuild(entry, child string) {}

func waitedEachRound(entries []string, children []string, workers int) {
	for _, entry := range entries {
		tasks := make(chan string, len(children))
		var wg sync.WaitGroup
		work := func() {
			defer wg.Done()
			for c := range tasks {
				rebuild(entry, c)
			}
		}
		for i := 0; i < workers; i++ {
			wg.Add(1)
			go work()
		}
		for _, c := range children {
			tasks <- c
		}
		close(tasks)
		wg.Wait()
	}
}

func groupWaitedEachRound(ctx context.Context, batches [][]string) error {
	for _, batch := range batches {
		g, ctx := errgroup.WithContext(ctx)
		for _, u := range batch {
			u := u
			g.Go(func() error { return fetch(ctx, u+batch[0]) })
		}
		if err := g.Wait(); err != nil {
			return err
		}
	}
	return nil
}

// A leak of the variable still: a continue can skip the Wait, and the next
// round changes entry while the goroutine reads it.
func waitSkipped(entries []string, skip func(string) bool) {
	for _, entry := range entries {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			rebuild(entry, "") // want `goroutine captures loop variable entry`
		}()
		if skip(entry) {
			continue
		}
		wg.Wait()
	}
}

// The goroutine and its Wait in one branch of the round, as in Workiva's
// go-datastructures trie/dtrie/node.go (pushEntries): the Wait comes right
// after the go statement in the same case, so the round waits for it.
func waitedInBranch(entries []string, isNode func(string) bool, stop <-chan struct{}) {
	var wg sync.WaitGroup
	for _, e := range entries {
		select {
		case <-stop:
			return
		default:
			switch {
			case isNode(e):
				wg.Add(1)
				go func() {
					defer wg.Done()
					rebuild(e, "")
				}()
				wg.Wait()
			}
		}
	}
}

// A Wait after the branch, once the switch is over, waits too.
func waitedAfterBranch(entries []string, isNode func(string) bool) {
	var wg sync.WaitGroup
	for _, e := range entries {
		if isNode(e) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rebuild(e, "")
			}()
		}
		wg.Wait()
	}
}

// A leak of the variable still: the branch can continue past the Wait.
func branchSkipsWait(entries []string, isNode func(string) bool) {
	var wg sync.WaitGroup
	for _, e := range entries {
		if isNode(e) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rebuild(e, "") // want `goroutine captures loop variable e`
			}()
			if e == "" {
				continue
			}
		}
		wg.Wait()
	}
}
