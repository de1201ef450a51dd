package fixes

import "context"

func compute() int { return 42 }

func Compute(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want `send on ch can block forever`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// The sender is started through a closure: the buffer asked for still
// holds its one send.
func startedByClosure(fail bool) error {
	errc := make(chan error)
	start := func() { go func() { errc <- compute2() }() }
	start() // want `send on errc can block forever.*make\(chan error, 1\)`
	if fail {
		return nil
	}
	return <-errc
}

func compute2() error { return nil }

// Three goroutines started by a counted loop each send one error, and the
// receiver returns at the first: a buffer of three holds every send.
func firstOfThree() error {
	errs := make(chan error)
	for range 3 {
		go func() {
			errs <- compute2() // want `send on errs can block forever: the receiver returns at line \d+ with values still to come; make it buffered \(make\(chan error, 3\)\)`
		}()
	}
	for range 3 {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

// A loop over listed replicas counts as many goroutines as it lists.
func firstOfListed() error {
	errs := make(chan error)
	for _, r := range []string{"a", "b"} {
		go func() { errs <- check(r) }() // want `make it buffered \(make\(chan error, 2\)\)`
	}
	for range 2 {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

func check(string) error { return nil }

// A goroutine per element, each handed the channel as an argument and
// sending once as it returns: no constant buffer holds every send, so no
// fix is offered.
func firstOfEach(xs []int) error {
	done := make(chan error)
	for _, x := range xs {
		go finish(x, done) // want `send on done can block forever: the receiver returns at line \d+ with values still to come; buffer it for every send, or send in a select`
	}
	for range xs {
		if err := <-done; err != nil {
			return err
		}
	}
	return nil
}

func finish(x int, done chan error) (err error) {
	defer func() { done <- err }()
	if x < 0 {
		return check("")
	}
	return nil
}
