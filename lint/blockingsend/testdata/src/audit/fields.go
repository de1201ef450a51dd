package audit

import "context"

type Status struct{}

type node struct {
	status chan chan Status
	stop   chan struct{}
	done   chan struct{}
}

func newNode() *node {
	return &node{
		status: make(chan chan Status),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
}

func (n *node) run() {
	for {
		select {
		case c := <-n.status:
			c <- Status{}
		case <-n.stop:
			close(n.done)
			return
		}
	}
}

func (n *node) Stop() {
	select {
	case n.stop <- struct{}{}:
	case <-n.done:
		return
	}
	<-n.done
}

// The run loop can have stopped: the send waits forever.
func (n *node) Status() Status {
	c := make(chan Status, 1)
	n.status <- c // want `send on n.status can block forever: its receiver \(run, line \d+\) stops receiving once <-n.stop wins its select; send in a select with <-n.done too`
	return <-c
}

// Fine: the send gives up when the loop is done.
func (n *node) StatusGuarded() (Status, bool) {
	c := make(chan Status, 1)
	select {
	case n.status <- c:
	case <-n.done:
		return Status{}, false
	}
	return <-c, true
}

type agent struct {
	statusCh chan int
	events   chan int
}

func newAgent() *agent {
	return &agent{statusCh: make(chan int), events: make(chan int)}
}

func (a *agent) Run(ctx context.Context) {
	for {
		select {
		case <-a.statusCh:
		case <-ctx.Done():
			return
		}
	}
}

func (a *agent) runWait(ctx context.Context, epoch int) {
	a.statusCh <- epoch // want `send on a.statusCh can block forever: its receiver \(Run, line \d+\) stops receiving once <-ctx.Done\(\) wins its select; send in a select with <-ctx.Done\(\) too`
}

// Fine: events has a receiver that ranges over it until it is closed.
func (a *agent) consume() {
	for range a.events {
	}
}

func (a *agent) publish(ctx context.Context, v int) {
	a.events <- v
}
