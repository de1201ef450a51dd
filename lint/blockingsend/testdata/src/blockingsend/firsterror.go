package blockingsend

import (
	"context"
	"errors"
	"sync"

	"github.com/leash-go/leash"
	"golang.org/x/sync/errgroup"
)

func check(ctx context.Context, s string) error { return ctx.Err() }

// The playbook's opening leak, in each shape it takes: N goroutines send
// their result on an unbuffered channel and the receiver returns at the
// first error, leaving the others blocked forever.

// A goroutine per input element.
func CheckEach(ctx context.Context, urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func() {
			errc <- check(ctx, u) // want `send on errc can block forever: the receiver returns at line \d+ with values still to come`
		}()
	}
	for range urls {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Three fixed goroutines.
func CheckThree(ctx context.Context) error {
	errc := make(chan error)
	go func() { errc <- check(ctx, "a") }() // want `send on errc can block forever in 3 goroutines: the receiver returns at line \d+ with values still to come; make it buffered \(make\(chan error, 3\)\)`
	go func() { errc <- check(ctx, "b") }() // the same leak: named in the finding's related positions
	go func() { errc <- check(ctx, "c") }()
	for i := 0; i < 3; i++ {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// A loop over a slice capped with min(): at most three, still more than one.
func CheckFirstThree(ctx context.Context, replicas []string) error {
	errc := make(chan error)
	for _, r := range replicas[:min(len(replicas), 3)] {
		go func() {
			if err := check(ctx, r); err != nil {
				errc <- err // want `send on errc can block forever: `
				return
			}
			errc <- nil // the same leak, reported once
		}()
	}
	for range replicas[:min(len(replicas), 3)] {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// errgroup tasks send their results; the caller stops reading at the first
// bad one, and the tasks (and the closing goroutine's Wait) block forever.
func CollectGroup(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan error)
	for _, u := range urls {
		g.Go(func() error {
			results <- check(ctx, u) // want `send on results can block forever: the receiver can stop ranging over it`
			return nil
		})
	}
	go func() {
		g.Wait()
		close(results)
	}()
	for err := range results {
		if err != nil {
			return err
		}
	}
	return nil
}

// The same with a leash group.
func CollectLeash(ctx context.Context, urls []string) error {
	g := leash.NewGroup(ctx)
	results := make(chan error)
	for _, u := range urls {
		g.Go(func(ctx context.Context) error {
			results <- check(ctx, u) // want `send on results can block forever: the receiver can stop ranging over it`
			return nil
		})
	}
	go func() {
		g.Wait()
		close(results)
	}()
	for err := range results {
		if err != nil {
			return err
		}
	}
	return nil
}

// A pipeline: the consumer stage returns at the first bad value and the
// producer stage blocks on its next send.
func Pipeline(ctx context.Context, in []string) error {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan string)
	g.Go(func() error {
		defer close(ch)
		for _, s := range in {
			ch <- s // want `send on ch can block forever: the receiver can stop ranging over it`
		}
		return nil
	})
	g.Go(func() error {
		for s := range ch {
			if err := check(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	return g.Wait()
}

// A pipeline whose producer returns early without closing: the consumer's
// range, and the group's Wait, never end.
func Unclosed(ctx context.Context, in []string) error {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan string)
	g.Go(func() error {
		for _, s := range in {
			if s == "" {
				return errors.New("empty")
			}
			select {
			case ch <- s:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		close(ch)
		return nil
	})
	g.Go(func() error {
		for s := range ch { // want `range over ch never ends when the goroutine started at line \d+ returns at line \d+ without closing it`
			_ = s
		}
		return nil
	})
	return g.Wait()
}

// A goroutine that returns on error without sending: the receive waits
// forever.
func Lookup(ctx context.Context) string {
	ch := make(chan string)
	go func() {
		if err := check(ctx, "x"); err != nil {
			return
		}
		ch <- "x"
	}()
	return <-ch // want `receive from ch blocks forever when the goroutine started at line \d+ returns at line \d+ without sending on it or closing it`
}

// Fine: every value is received, whatever the errors.
func CheckAll(ctx context.Context, urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func() { errc <- check(ctx, u) }()
	}
	var first error
	for range urls {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Fine: a buffer for every goroutine.
func CheckBuffered(ctx context.Context, urls []string) error {
	errc := make(chan error, len(urls))
	for _, u := range urls {
		go func() { errc <- check(ctx, u) }()
	}
	for range urls {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Fine: one goroutine at a time, each answered before the next starts.
func CheckInTurn(ctx context.Context, urls []string) error {
	for _, u := range urls {
		errc := make(chan error)
		go func() { errc <- check(ctx, u) }()
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Fine: the tasks give up with the group's context, which the first error
// cancels.
func CollectGuarded(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan error)
	for _, u := range urls {
		g.Go(func() error {
			select {
			case results <- check(ctx, u):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}
	go func() {
		g.Wait()
		close(results)
	}()
	for err := range results {
		if err != nil {
			return err
		}
	}
	return nil
}

// Fine: the producer closes on every path.
func Closed(ctx context.Context, in []string) error {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan string)
	g.Go(func() error {
		defer close(ch)
		for _, s := range in {
			if s == "" {
				return errors.New("empty")
			}
			select {
			case ch <- s:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	g.Go(func() error {
		for s := range ch {
			_ = s
		}
		return nil
	})
	return g.Wait()
}

// Fine: the goroutine sends on every path.
func LookupAlways(ctx context.Context) (string, error) {
	type result struct {
		s   string
		err error
	}
	ch := make(chan result)
	go func() {
		if err := check(ctx, "x"); err != nil {
			ch <- result{err: err}
			return
		}
		ch <- result{s: "x"}
	}()
	r := <-ch
	return r.s, r.err
}

// Nothing receives at all.
func Forget() {
	results := make(chan int)
	go func() {
		results <- 42 // want `send on results blocks forever: nothing receives from it`
	}()
}

// The first error ends the wait; the other senders block forever. The
// done channel is closed only once they are all done, so it is no way out
// while they are pending.
func AddAll(items []string, add func(string) error) error {
	var wg sync.WaitGroup
	errCh := make(chan error)
	for _, it := range items {
		wg.Go(func() {
			if err := add(it); err != nil {
				errCh <- err // want `send on errCh can block forever: values are sent in a loop but received a fixed number of times`
			}
		})
	}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		wg.Wait()
	}()
	select {
	case err := <-errCh:
		return err
	case <-finished:
		return nil
	}
}

// The first error or the end of all: a goroutine signals once every worker
// is done, and the receiver takes whichever comes first. The signal can
// win only once every worker has sent, so the leak is the first error
// taken while other workers still have theirs to send. A look-alike of a
// multi-cluster cache filling in missing resource versions.
func FirstErrorOrAll(ctx context.Context, clusters []string) error {
	errc := make(chan error)
	var wg sync.WaitGroup
	for _, c := range clusters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := check(ctx, c); err != nil {
				errc <- err // want `send on errc can block forever: values are sent in a loop but received a fixed number of times`
			}
		}()
	}
	all := make(chan struct{}, 1)
	go func() {
		wg.Wait()
		all <- struct{}{}
	}()
	var err error
	select {
	case <-all:
	case err = <-errc:
	}
	return err
}
