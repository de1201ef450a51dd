package blockingsend

import "context"

// An event loop keeps one handler in flight; a local helper starts it and
// sets the flag, and the way out waits for the handler when the flag says
// one runs. Nothing is reported.
func EventLoop(ctx context.Context, events <-chan int, handle func([]int)) {
	handling := false
	done := make(chan struct{})
	var next []int
	startNext := func() {
		batch := next
		next = nil
		go func() {
			handle(batch)
			done <- struct{}{}
		}()
		handling = true
	}
	for {
		select {
		case <-ctx.Done():
			if handling {
				<-done
			}
			return
		case e := <-events:
			next = append(next, e)
			if !handling {
				startNext()
			}
		case <-done:
			handling = false
			if len(next) > 0 {
				startNext()
			}
		}
	}
}

// Look-alikes that are reported.

// The helper may return before it sets the flag: a handler can run while
// the flag still says none does.
func EventLoopEarlyReturn(ctx context.Context, events <-chan int, handle func([]int), skip func() bool) {
	handling := false
	done := make(chan struct{})
	var next []int
	startNext := func() {
		batch := next
		next = nil
		go func() {
			handle(batch)
			done <- struct{}{}
		}()
		if skip() {
			return
		}
		handling = true
	}
	for {
		select {
		case <-ctx.Done():
			if handling {
				<-done
			}
			return
		case e := <-events:
			next = append(next, e)
			if !handling {
				startNext() // want `send on done can block forever: the receiver stops waiting when <-ctx.Done\(\) wins the select`
			}
		case <-done:
			handling = false
			if len(next) > 0 {
				startNext()
			}
		}
	}
}
