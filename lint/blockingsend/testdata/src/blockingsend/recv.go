package blockingsend

import (
	"context"
	"errors"
	"sync"
	"time"
)

// The timer case has taken the tick; the drain in the other case waits
// for one that never comes.
func eventLoop(ctx context.Context, timer *time.Timer, reset chan struct{}, d time.Duration) {
	for {
		select {
		case <-timer.C:
		case <-reset:
			if !timer.Stop() {
				<-timer.C // want `receive from timer.C can block forever: the select at line \d+ may already have taken the timer's value`
			}
			timer.Reset(d)
		case <-ctx.Done():
			return
		}
	}
}

// Fine: the timer case rearms the timer, so a tick is pending or coming.
func keepalive(ctx context.Context, d time.Duration) {
	timer := time.NewTimer(d)
	for {
		select {
		case <-timer.C:
			timer.Reset(d)
		case <-ctx.Done():
			if !timer.Stop() {
				<-timer.C
			}
			return
		}
	}
}

// Fine: a select that runs once has not taken the tick in its other case.
func waitDone(done chan struct{}) {
	timeout := time.NewTimer(time.Second)
	select {
	case <-done:
		if !timeout.Stop() {
			<-timeout.C
		}
	case <-timeout.C:
	}
}

// Fine: a new timer each round. The drain in the other case drains this
// round's timer, whose value the timer case has not taken; the timer case
// leaves the loop.
func pollEachRound(ctx context.Context, d time.Duration, poll func()) {
	for {
		timer := time.NewTimer(d)
		select {
		case <-ctx.Done():
			if !timer.Stop() {
				<-timer.C
			}
			return
		case <-timer.C:
			poll()
		}
	}
}

// Reported: the same timer every round, reset after the tick was taken.
func pollSameTimer(ctx context.Context, d time.Duration, poll func()) {
	timer := time.NewTimer(d)
	for {
		select {
		case <-ctx.Done():
			if !timer.Stop() {
				<-timer.C // want `receive from timer.C can block forever: the select at line \d+ may already have taken the timer's value`
			}
			return
		case <-timer.C:
			poll()
		}
	}
}

type balancer struct{ addrs chan string }

func (b *balancer) watch(doneChan chan bool) {
	for range b.addrs {
	}
}

// Nothing can send on doneChan: watch never touches it.
func dial(b *balancer) {
	doneChan := make(chan bool)
	go b.watch(doneChan)
	<-doneChan // want `receive from doneChan blocks forever: nothing sends on it or closes it \(watch never does either\)`
}

func (b *balancer) watchAndClose(doneChan chan bool) {
	defer close(doneChan)
	for range b.addrs {
	}
}

// Fine: the callee closes it.
func dialClosed(b *balancer) {
	doneChan := make(chan bool)
	go b.watchAndClose(doneChan)
	<-doneChan
}

type driver struct{}

func (p *driver) load() {}

// The Wait of the first round waits for the goroutines of every round.
func loadAll(drivers []*driver) {
	var group sync.WaitGroup
	group.Add(len(drivers))
	for _, p := range drivers {
		go func() {
			defer group.Done()
			p.load()
		}()
		group.Wait() // want `group.Wait in the loop waits for the goroutines of every round, counted by group.Add\(len\(drivers\)\) before the loop`
	}
}

// Fine: each round adds and waits for its own goroutine.
func loadInTurn(drivers []*driver) {
	var group sync.WaitGroup
	for _, p := range drivers {
		group.Add(1)
		go func() {
			defer group.Done()
			p.load()
		}()
		group.Wait()
	}
}

// Fine: a receive from a channel made in the receive blocks forever on
// purpose, as select {} does. From: esbuild pkg/cli/cli_impl.go (watch
// and serve modes keep the command running until it is killed). No code
// can hold the channel, so no send was forgotten.
func serveForever(serve func()) {
	go serve()
	<-make(chan struct{})
}

// Fine: the same idiom in two statements, a channel made only to be
// received from right away. A look-alike of a command that starts a mock
// server and then keeps running until it is killed.
func serveUntilKilled(serve func()) {
	go serve()
	c := make(chan struct{})
	<-c
}

// A named channel nothing sends on is still reported when something comes
// between its making and the receive: the goroutine that was to close it
// was never given it.
func waitForgotten(work func()) {
	done := make(chan struct{})
	go work()
	<-done // want `receive from done blocks forever: nothing sends on it or closes it`
}

// A worker that ranges for good over a channel nothing closes, with a call
// in its body, and a sender that gives up: what the worker does with the
// channel is summarised while the path search asks whether the body has a
// way out (the summaries once waited on their own lock there).
func feedForever(ctx context.Context, n int) {
	jobs := make(chan int)
	go func() {
		for j := range jobs {
			handleJob(j)
		}
	}()
	for i := range n {
		select {
		case jobs <- i:
		case <-ctx.Done():
			return
		}
	}
}

func handleJob(int) {}

// Fine: the drain runs only while the channel holds a value (bubbletea's
// Every and Tick), though the receive before it took the timer's value.
func tickOnce(d time.Duration, fn func(time.Time)) func() {
	t := time.NewTimer(d)
	return func() {
		ts := <-t.C
		t.Stop()
		for len(t.C) > 0 {
			<-t.C
		}
		if len(t.C) != 0 {
			<-t.C
		}
		fn(ts)
	}
}

// Reported: the guard tests another timer's channel.
func tickOther(d time.Duration, other *time.Timer, fn func(time.Time)) func() {
	t := time.NewTimer(d)
	return func() {
		ts := <-t.C
		t.Stop()
		for len(other.C) > 0 {
			<-t.C // want `receive from t.C can block forever: the receive at line \d+ may already have taken the timer's value`
		}
		fn(ts)
	}
}

// Fine: the drain runs only while an item is pending, and the timer's
// case clears the item when it takes the tick (k0s's debounce).
func debounce(ctx context.Context, in <-chan int, d time.Duration, emit func(int)) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	<-timer.C
	for pending := (*int)(nil); ; {
		select {
		case <-ctx.Done():
			return
		case item := <-in:
			if pending == nil {
				// the tick, if any, was taken with the last item
			} else if !timer.Stop() {
				<-timer.C
			}
			pending = &item
			timer.Reset(d)
		case <-timer.C:
			emit(*pending)
			pending = nil
		}
	}
}

// Reported: the timer's case keeps the item, so the drain can run after
// the tick was taken.
func debounceKept(ctx context.Context, in <-chan int, d time.Duration, emit func(int)) {
	timer := time.NewTimer(d)
	var pending *int
	for {
		select {
		case <-ctx.Done():
			return
		case item := <-in:
			if pending != nil && !timer.Stop() {
				<-timer.C // want `receive from timer.C can block forever: the select at line \d+ may already have taken the timer's value`
			}
			pending = &item
		case <-timer.C:
			emit(*pending)
		}
	}
}

// Fine: an idle timer that runs only while no connection is open. The
// drain runs only when the count is 0, the count is not 0 after it, and
// the case that brings it back to 0 rearms the timer first; the deferred
// cleanup that counts down runs only once the loop has returned
// (x/tools' jsonrpc2 server).
func idleServer(newConns <-chan int, closedConns chan error, idle time.Duration) error {
	active := 0
	defer func() {
		for active > 0 {
			<-closedConns
			active--
		}
	}()
	timer := time.NewTimer(idle)
	defer timer.Stop()
	for {
		select {
		case <-newConns:
			if active == 0 && !timer.Stop() {
				<-timer.C
			}
			active++
			go func() { closedConns <- nil }()
		case <-closedConns:
			active--
			if active == 0 {
				timer.Reset(idle)
			}
		case <-timer.C:
			return errors.New("idle")
		}
	}
}

// The look-alike: the count comes back to 0 without the timer being
// rearmed, so a second drain waits for a tick the first one took.
func idleServerNoReset(newConns <-chan int, closedConns chan error, idle time.Duration) error {
	active := 0
	defer func() {
		for active > 0 {
			<-closedConns
			active--
		}
	}()
	timer := time.NewTimer(idle)
	defer timer.Stop()
	for {
		select {
		case <-newConns:
			if active == 0 && !timer.Stop() {
				<-timer.C // want `receive from timer.C can block forever`
			}
			active++
			go func() { closedConns <- nil }()
		case <-closedConns:
			active--
		case <-timer.C:
			return errors.New("idle")
		}
	}
}
