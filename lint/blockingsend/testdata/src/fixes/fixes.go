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
