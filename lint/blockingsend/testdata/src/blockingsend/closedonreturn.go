package blockingsend

import (
	"bufio"
	"context"
)

// The receiver closes the channel as it returns: once ctx wins, the
// reader's send is on a closed channel and panics, and a buffer alone
// would not help (exoscale's ReadInput).
func readLine(ctx context.Context, r *bufio.Reader) (string, error) {
	c := make(chan string)
	defer close(c)
	go func() {
		line, _ := r.ReadString('\n')
		c <- line // want `send on c can panic: the receiver stops waiting when <-ctx.Done\(\) wins the select at line \d+, and the receiver closes c as it returns \(line \d+\)`
	}()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case line := <-c:
		return line, nil
	}
}

// The look-alike: the sender recovers from that panic on purpose, so
// nothing is stranded.
func readLineRecovering(ctx context.Context, r *bufio.Reader) (string, error) {
	c := make(chan string)
	defer close(c)
	go func() {
		defer func() {
			_ = recover() // the receiver may have closed c
		}()
		line, _ := r.ReadString('\n')
		c <- line
	}()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case line := <-c:
		return line, nil
	}
}

// The send is in a function the goroutine hands the channel to: no
// recover is in sight there, and the panic is reported.
func readLineVia(ctx context.Context, r *bufio.Reader) (string, error) {
	c := make(chan string, 1)
	defer close(c)
	go func() {
		sendLines(r, c) // want `send on c can panic`
	}()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case line := <-c:
		return line, nil
	}
}

func sendLines(r *bufio.Reader, c chan<- string) {
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		c <- line
	}
}

// The return that strands the sender comes before the close is deferred:
// there the send blocks forever.
func readLineEarly(ctx context.Context, r *bufio.Reader, skip bool) (string, error) {
	c := make(chan string)
	go func() {
		line, _ := r.ReadString('\n')
		c <- line // want `send on c can block forever`
	}()
	if skip {
		return "", nil
	}
	defer close(c)
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case line := <-c:
		return line, nil
	}
}
