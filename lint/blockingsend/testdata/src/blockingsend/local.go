package blockingsend

import (
	"context"
	"errors"
	"time"
)

type Result struct{ Body string }

func fetch(ctx context.Context, url string) (Result, error) { return Result{}, ctx.Err() }

// The select-timeout leak: the caller leaves on ctx.Done() and the sender
// waits forever.
func FetchWithTimeout(ctx context.Context, url string) (Result, error) {
	ch := make(chan Result)
	go func() {
		r, _ := fetch(context.Background(), url)
		ch <- r // want `send on ch can block forever: the receiver stops waiting when <-ctx.Done\(\) wins the select at line \d+; make it buffered \(make\(chan Result, 1\)\)`
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}

// Two result channels, one of them always abandoned.
func FinishRequest(timeout time.Duration, fn func() error) {
	ch := make(chan bool)
	errCh := make(chan error)
	go func() {
		if err := fn(); err != nil {
			errCh <- err // want `send on errCh can block forever: the receiver stops waiting when <-time.After\(timeout\) wins`
		} else {
			ch <- true // want `send on ch can block forever: the receiver stops waiting when <-time.After\(timeout\) wins`
		}
	}()
	select {
	case <-ch:
	case <-errCh:
	case <-time.After(timeout):
	}
}

// The receiver returns on an error before it receives.
func FirstOfTwo(ctx context.Context, a, b string) (Result, error) {
	results := make(chan Result)
	go func() {
		r, _ := fetch(ctx, a)
		results <- r // want `send on results can block forever: the receiver can return at line \d+ before receiving`
	}()
	rb, err := fetch(ctx, b)
	if err != nil {
		return Result{}, err
	}
	ra := <-results
	return Result{Body: ra.Body + rb.Body}, nil
}

// One goroutine per URL but only the first answer is read.
func Fastest(ctx context.Context, urls []string) Result {
	first := make(chan Result)
	for _, u := range urls {
		go func() {
			r, _ := fetch(ctx, u)
			first <- r // want `send on first can block forever: values are sent in a loop but received a fixed number of times`
		}()
	}
	return <-first
}

// The receiver stops ranging on cancellation; the producer, in another
// function, goes on sending.
func Restore(ctx context.Context, spans []string) error {
	ready := make(chan string)
	go func() {
		defer close(ready)
		split(spans, ready) // want `send on ready can block forever: the receiver can stop ranging over it`
	}()
	for span := range ready {
		if err := ctx.Err(); err != nil {
			return err
		}
		_ = span
	}
	return nil
}

func split(spans []string, out chan string) {
	for _, s := range spans {
		out <- s
	}
}

// A loop that makes one channel per round: each round's goroutine can
// still be abandoned.
func Poll(stop chan bool) {
	for {
		done := make(chan bool)
		go func() {
			if time.Now().Unix()%2 == 0 {
				done <- false // want `send on done can block forever: the receiver stops waiting when <-stop wins`
				return
			}
			done <- true // the same leak, reported once
		}()
		select {
		case <-stop:
			return
		case <-done:
		}
	}
}

// Fine: a buffer of one for a single sender.
func FetchBuffered(ctx context.Context, url string) (Result, error) {
	ch := make(chan Result, 1)
	go func() {
		r, _ := fetch(context.Background(), url)
		ch <- r
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}

// Fine: the sender gives up with the receiver.
func FetchGuarded(ctx context.Context, url string) (Result, error) {
	ch := make(chan Result)
	go func() {
		r, _ := fetch(ctx, url)
		select {
		case ch <- r:
		case <-ctx.Done():
		}
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}

// Fine: a buffer of len(items) for one send per item.
func FetchAll(ctx context.Context, urls []string) ([]Result, error) {
	errs := make(chan error, len(urls))
	out := make([]Result, len(urls))
	for i, u := range urls {
		go func() {
			r, err := fetch(ctx, u)
			out[i] = r
			errs <- err
		}()
	}
	for range urls {
		if err := <-errs; err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Fine: every value is received.
func Collect(ctx context.Context, urls []string) []Result {
	results := make(chan Result)
	for _, u := range urls {
		go func() {
			r, _ := fetch(ctx, u)
			results <- r
		}()
	}
	var out []Result
	for range urls {
		out = append(out, <-results)
	}
	return out
}

// Fine: the receiver drains the channel until the producer closes it.
func Drain(words []string) int {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, w := range words {
			ch <- w
		}
	}()
	n := 0
	for w := range ch {
		n += len(w)
	}
	return n
}

// Fine: the channel escapes, so its receivers are not all in sight.
func Start(ctx context.Context) <-chan error {
	errc := make(chan error)
	go func() {
		errc <- errors.New("done")
	}()
	return errc
}

// Fine: after the timeout the function still waits for the value.
func OpenSlow(open func() Result) Result {
	opened := make(chan Result)
	go func() {
		opened <- open()
	}()
	select {
	case r := <-opened:
		return r
	case <-time.After(10 * time.Second):
		println("taking long")
	}
	return <-opened
}

const itemCount = 3

// Fine: a buffer as large as the number of goroutines, which the check
// cannot count, may well hold every send.
func Callbacks(values [itemCount]int, done chan struct{}) {
	callbacks := make(chan struct{}, itemCount)
	for range values {
		go func() {
			callbacks <- struct{}{}
		}()
	}
	select {
	case <-callbacks:
	case <-time.After(time.Second):
	}
}

// Fine: the loop sends only on its way out, once.
func ReadUntilError(read func() error) error {
	errCh := make(chan error, 1)
	go func() {
		for {
			if err := read(); err != nil {
				errCh <- err
				return
			}
		}
	}()
	select {
	case err := <-errCh:
		return err
	case <-time.After(time.Second):
		return nil
	}
}

// A buffer of six, eight sends, and a receiver that can stop early.
func RestoreFixed(ctx context.Context) error {
	ready := make(chan bool, 6)
	go func() {
		defer close(ready)
		for i := 0; i < 8; i++ {
			ready <- i != 0 // want `send on ready can block forever: the receiver can stop ranging over it`
		}
	}()
	for range ready {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Fine: each goroutine sends at most once — it breaks out after sending —
// and the buffer holds both.
func TwoWorkers(do func(int) error, donec chan struct{}) error {
	errs := make(chan error, 2)
	for w := 0; w < 2; w++ {
		go func() {
			for i := 0; i < 100; i++ {
				if err := do(i); err != nil {
					errs <- err
					break
				}
			}
		}()
	}
	select {
	case err := <-errs:
		return err
	case <-donec:
		return nil
	}
}

// Fine: the goroutine's sends give up with ctx.
func Discover(ctx context.Context, tick *time.Ticker) {
	ch := make(chan []string)
	go run(ctx, ch)
	<-ch
	select {
	case <-ch:
	case <-tick.C:
	}
}

func run(ctx context.Context, ch chan []string) {
	for {
		select {
		case ch <- nil:
		case <-ctx.Done():
			return
		}
	}
}

// Fine: each goroutine is answered before the next starts; a buffer of one
// is enough.
func OneAtATime(dial func() error, timeout time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- dial() }()
	if err := <-done; err != nil {
		return err
	}
	go func() { done <- dial() }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		return nil
	}
}

// A helper sends eight values into a buffer of six; the receiver can stop
// early.
func RestoreVia(ctx context.Context) error {
	ready := make(chan bool, 6)
	go func() {
		defer close(ready)
		scatter(ready) // want `send on ready can block forever: the receiver can stop ranging over it`
	}()
	for range ready {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

func scatter(out chan bool) {
	for i := 0; i < 8; i++ {
		out <- i != 0
	}
}
