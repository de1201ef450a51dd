package sharedstop

import "context"

type stopper struct {
	quit chan struct{}
}

func newStopper() *stopper { return &stopper{quit: make(chan struct{})} }

func (s *stopper) shouldStop() <-chan struct{} { return s.quit }

func (s *stopper) stop() { close(s.quit) }

type transport struct {
	events  chan int
	stopper *stopper
}

func newTransport(s *stopper) *transport {
	t := &transport{events: make(chan int), stopper: s}
	go t.produce()
	go t.consume()
	return t
}

// The producer checks the stopper, then sends outside the select: once
// quit is closed, consume may have left, and the send waits forever.
func (t *transport) produce() {
	for {
		select {
		case <-t.stopper.shouldStop():
			return
		default:
			t.events <- 1 // want `send on t.events can block forever: its receiver \(consume, line \d+\) leaves once <-t.stopper.shouldStop\(\) is ready, which this goroutine checks at line \d+ but not while it sends; send in a select with <-t.stopper.shouldStop\(\) too`
		}
	}
}

func (t *transport) consume() {
	for {
		select {
		case <-t.events:
		case <-t.stopper.shouldStop():
			return
		}
	}
}

type poller struct {
	out  chan int
	done chan struct{}
}

func newPoller() *poller {
	p := &poller{out: make(chan int), done: make(chan struct{})}
	go p.poll()
	go p.read()
	return p
}

// The same with the check in a select of its own before the send.
func (p *poller) poll() {
	for i := 0; ; i++ {
		select {
		case <-p.done:
			return
		default:
		}
		p.out <- i // want `send on p.out can block forever: its receiver \(read, line \d+\) leaves once <-p.done is ready`
	}
}

func (p *poller) read() {
	for {
		select {
		case <-p.out:
		case <-p.done:
			return
		}
	}
}

func (p *poller) Close() { close(p.done) }

type guarded struct {
	out  chan int
	done chan struct{}
}

func newGuarded() *guarded {
	g := &guarded{out: make(chan int), done: make(chan struct{})}
	go g.produce()
	go g.read()
	return g
}

// Fine: the send itself waits for done too.
func (g *guarded) produce() {
	for i := 0; ; i++ {
		select {
		case <-g.done:
			return
		default:
		}
		select {
		case g.out <- i:
		case <-g.done:
			return
		}
	}
}

func (g *guarded) read() {
	for {
		select {
		case <-g.out:
		case <-g.done:
			return
		}
	}
}

func (g *guarded) Close() { close(g.done) }

type twoStops struct {
	out          chan int
	senderQuit   chan struct{}
	receiverQuit chan struct{}
}

func newTwoStops() *twoStops {
	t := &twoStops{out: make(chan int), senderQuit: make(chan struct{}), receiverQuit: make(chan struct{})}
	go t.produce()
	go t.read()
	return t
}

// Fine here (the audit rules' to guess): the sender stops on a channel of
// its own, which may well be closed, and the sender waited for, before
// the receiver is told to leave.
func (t *twoStops) produce() {
	for i := 0; ; i++ {
		select {
		case <-t.senderQuit:
			return
		default:
		}
		t.out <- i
	}
}

func (t *twoStops) read() {
	for {
		select {
		case <-t.out:
		case <-t.receiverQuit:
			return
		}
	}
}

func (t *twoStops) Close() {
	close(t.senderQuit)
	close(t.receiverQuit)
}

type draining struct {
	out  chan int
	done chan struct{}
}

func newDraining() *draining {
	d := &draining{out: make(chan int), done: make(chan struct{})}
	go d.produce()
	go d.read()
	return d
}

// Fine: the receiver takes the last value on its way out.
func (d *draining) produce() {
	for i := 0; ; i++ {
		select {
		case <-d.done:
			return
		default:
		}
		d.out <- i
	}
}

func (d *draining) read() {
	for {
		select {
		case <-d.out:
		case <-d.done:
			<-d.out
			return
		}
	}
}

func (d *draining) Close() { close(d.done) }

type ctxWorker struct {
	out chan int
}

// Fine here: both sides watch a context, whose channel the check does not
// follow; the send is the audit rules' to question.
func (w *ctxWorker) produce(ctx context.Context) {
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		default:
		}
		w.out <- i
	}
}

func (w *ctxWorker) read(ctx context.Context) {
	for {
		select {
		case <-w.out:
		case <-ctx.Done():
			return
		}
	}
}

func startCtxWorker(ctx context.Context) {
	w := &ctxWorker{out: make(chan int)}
	go w.produce(ctx)
	go w.read(ctx)
}

type bufferedEvents struct {
	out  chan int
	done chan struct{}
}

func newBufferedEvents() *bufferedEvents {
	b := &bufferedEvents{out: make(chan int, 16), done: make(chan struct{})}
	go b.produce()
	go b.read()
	return b
}

// Fine for this rule: a buffered channel's sends may all fit.
func (b *bufferedEvents) produce() {
	for i := 0; i < 16; i++ {
		select {
		case <-b.done:
			return
		default:
		}
		b.out <- i
	}
}

func (b *bufferedEvents) read() {
	for {
		select {
		case <-b.out:
		case <-b.done:
			return
		}
	}
}

func (b *bufferedEvents) Close() { close(b.done) }
