package blockingsend

import (
	"context"
	"errors"
	"sync"
	"time"
)

var errTimeout = errors.New("timeout")

func work() error { return nil }

// Harmless look-alikes of the leaks above, each a shape seen on real code.

// The receiver gives up, but starts a goroutine that takes the value.
func WithDrain(d time.Duration) error {
	ch := make(chan error)
	go func() { ch <- work() }()
	select {
	case err := <-ch:
		return err
	case <-time.After(d):
		go func() { <-ch }()
		return errTimeout
	}
}

// The same with a drain that ranges until the channel is closed.
func WithRangeDrain(ctx context.Context, n int) error {
	ch := make(chan error)
	for range n {
		go func() { ch <- work() }()
	}
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		go func() {
			for range ch {
			}
		}()
		return ctx.Err()
	}
}

// A buffer of one, and a helper that sends at most once.
func Transfer(stop chan struct{}) error {
	done := make(chan error, 1)
	go transfer(stop, done)
	select {
	case err := <-done:
		return err
	case <-stop:
		return errTimeout
	}
}

func transfer(stop chan struct{}, done chan<- error) {
	select {
	case <-stop:
		done <- errTimeout
	default:
		done <- work()
	}
}

// Request and reply: every requester waits for its reply.
type request struct {
	key   string
	reply chan int
}

func serve(reqs chan request) {
	for r := range reqs {
		r.reply <- len(r.key)
	}
}

func ask(reqs chan request, key string) int {
	reply := make(chan int)
	reqs <- request{key: key, reply: reply}
	return <-reply
}

// A handshake: the worker leaves only after taking the stop signal, so the
// send that gives it cannot be abandoned.
type stopWorker struct {
	in   chan int
	stop chan struct{}
}

func (w *stopWorker) run() {
	for {
		select {
		case <-w.stop:
			return
		case v := <-w.in:
			_ = v
		}
	}
}

func (w *stopWorker) close() {
	w.stop <- struct{}{}
}

// A receiver whose loop takes exactly as many values as goroutines start.
func SumAll(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() { ch <- i }()
	}
	total := 0
	for i := 0; i < n; i++ {
		total += <-ch
	}
	return total
}

// The channel is handed to code out of sight: nothing is reported.
func Handoff(ctx context.Context, register func(chan error)) error {
	ch := make(chan error)
	register(ch)
	go func() { ch <- work() }()
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// A capacity set by configuration: nothing is reported.
func Configured(ctx context.Context, size int, urls []string) error {
	ch := make(chan error, size)
	for range urls {
		go func() { ch <- work() }()
	}
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// A channel returned by a function literal bound to a variable, and ranged
// over where the variable is called: the sends are received. From:
// cubefs client/fs/super.go:776 (mergeChanged := func(cs ...) <-chan uint64).
func MergeCounts(inputs []<-chan uint64) int {
	merge := func(cs []<-chan uint64) <-chan uint64 {
		var wg sync.WaitGroup
		out := make(chan uint64)
		wg.Add(len(cs))
		for _, c := range cs {
			go func(c <-chan uint64) {
				defer wg.Done()
				for n := range c {
					out <- n
				}
			}(c)
		}
		go func() {
			wg.Wait()
			close(out)
		}()
		return out
	}
	n := 0
	for range merge(inputs) {
		n++
	}
	return n
}
