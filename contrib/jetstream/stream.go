package jetstream

import (
	"errors"
	"sync"
	"time"

	natsjs "github.com/nats-io/nats.go/jetstream"
)

// errOverdue ends a stream whose handler has waited for a runner so long
// that messages queued unseen behind it could reach their ack deadline.
var errOverdue = errors.New("jetstream: messages waiting too long for a runner")

// errOverfull ends a stream that received more messages than the window
// holds.
var errOverfull = errors.New("jetstream: more messages than Limit + Prefetch")

// errStreamEnded ends a stream that nats.go closed without saying why.
var errStreamEnded = errors.New("jetstream: the consumer's subscription ended")

// streamWhileRunning keeps a pull subscription open on the consumer —
// nats.go's Consume, which asks the server for more messages as the handler
// takes them, Prefetch at a time at most — and hands each message to a free
// runner, until the worker stops: the way of Prefetch(n) with n > 0.
func (w *worker) streamWhileRunning() {
	var pause time.Duration // before the next subscription, after one failed for a passing reason
	for {
		err := w.stream()
		if errors.Is(err, errOverdue) || errors.Is(err, errOverfull) {
			// The runners are slower than the ack deadline allows
			// Prefetch messages to wait: let them work through what
			// they hold before asking for more.
			if !w.waitForRunners() {
				return
			}
			err = nil
		}
		if !w.carryOn(err, "consuming messages", &pause) {
			return
		}
	}
}

// waitForRunners hands the messages queued by an overdue stream to the
// runners as they free up, and reports false if the worker stopped first.
func (w *worker) waitForRunners() bool {
	for h := range w.waiting.drain {
		select {
		case w.handoff <- h:
		case <-w.ctx.Done():
			w.giveBack(h)
			return false
		}
	}
	return true
}

// stream runs one pull subscription until the worker stops, the handler
// finds messages overdue, or the subscription fails; then it drains the
// subscription — the messages nats.go has received and not yet handed over
// go to the runners, or back to the server when the worker stops — and
// returns why it ended.
func (w *worker) stream() error {
	s := newStream(w)
	cc, err := w.consumer.Consume(s.onMessage,
		natsjs.PullMaxMessages(s.pullMax),
		natsjs.PullExpiry(w.maxWait),
		natsjs.PullHeartbeat(w.heartbeat),
		natsjs.ConsumeErrHandler(func(_ natsjs.ConsumeContext, err error) {
			if lasting(err) {
				s.end(withClosed(err))
			}
		}))
	if err != nil {
		return err
	}
	select {
	case <-w.ctx.Done():
	case <-s.ended:
	case <-cc.Closed():
		s.end(errStreamEnded)
	}
	cc.Drain()
	close(s.draining)
	<-cc.Closed()
	return s.why()
}

// A stream is one pull subscription of a worker, as its handler sees it.
type stream struct {
	w       *worker
	pullMax int           // messages nats.go asks for ahead of the handler at most: the Prefetch not in the handoff, or MaxRequestBatch
	ageMax  time.Duration // how long a message may wait unseen behind the handler

	// Handler state, used by nats.go's one delivery goroutine.
	arrivals []time.Time // when the last len(arrivals) messages reached the handler, in a ring
	calls    int         // messages handed to the handler so far
	overdue  bool        // messages wait too long: queue them without waiting for a runner
	timer    *time.Timer // for the handler's waits

	endOnce  sync.Once
	ended    chan struct{} // closed by end
	err      error         // why the stream ended, set by end
	draining chan struct{} // closed once the subscription drains: nats.go asks for no more messages
}

func newStream(w *worker) *stream {
	s := &stream{
		w:       w,
		pullMax: w.prefetch - w.ready(),
		// A message waiting unseen for a third of its ack deadline still
		// has two thirds left when it is seen and its progress signals
		// start.
		ageMax:   w.timing.shortestDeadline() / 3,
		ended:    make(chan struct{}),
		draining: make(chan struct{}),
	}
	if w.batchMax > 0 {
		s.pullMax = min(s.pullMax, w.batchMax)
	}
	// nats.go keeps at most pullMax messages requested and not yet handed
	// over, so a message queued behind the handler was asked for after the
	// handler took the message pullMax before it. Twice as many covers a
	// request renewed while the old one was still being served (after a
	// reconnection or missed heartbeats).
	s.arrivals = make([]time.Time, 2*s.pullMax)
	now := time.Now()
	for i := range s.arrivals {
		s.arrivals[i] = now
	}
	return s
}

// end ends the stream for err, if it has not ended yet.
func (s *stream) end(err error) {
	s.endOnce.Do(func() {
		s.err = err
		close(s.ended)
	})
}

// why returns why the stream ended; nil if it was the worker stopping.
func (s *stream) why() error {
	select {
	case <-s.ended:
		return s.err
	default:
		return nil
	}
}

// onMessage is the subscription's handler: it takes message m, starts its
// progress signals and hands it to a free runner. While every runner is
// busy it waits, and the messages nats.go has received since queue unseen
// behind it; when they may have waited longer than ageMax, it ends the
// stream, and queues m and the rest for the runners without waiting, where
// their progress signals keep them.
func (s *stream) onMessage(m natsjs.Msg) {
	w := s.w
	if w.obs != nil {
		w.queued()
	}
	now := time.Now()
	s.arrivals[s.calls%len(s.arrivals)] = now
	s.calls++
	// The earliest that a message now queued behind m can have arrived.
	unseenSince := s.arrivals[s.calls%len(s.arrivals)]

	h, ok := w.hold(m)
	if !ok {
		return
	}
	if w.ctx.Err() != nil {
		// Stopping: give the message back once the subscription is
		// drained, and keep nats.go from asking for more until then.
		w.giveBack(h)
		<-s.draining
		return
	}
	if s.overdue {
		w.waiting.push(h)
		return
	}
	if w.held.Load() > int64(w.maxHeld) {
		// More than the window, which nats.go sends only when it renewed
		// a request that the server was still serving (after missed
		// heartbeats or a reconnection). Given back, the message would
		// come straight back: keep it, and ask for no more until the
		// runners have caught up.
		s.queueRest(errOverfull, h)
		return
	}
	select {
	case w.handoff <- h:
		return
	default:
	}
	wait := s.ageMax - now.Sub(unseenSince)
	if wait > 0 {
		if s.timer == nil {
			s.timer = time.NewTimer(wait)
		} else {
			s.timer.Reset(wait)
		}
		select {
		case w.handoff <- h:
			s.timer.Stop()
			return
		case <-w.ctx.Done():
			s.timer.Stop()
			w.giveBack(h)
			<-s.draining
			return
		case <-s.timer.C:
		}
	}
	s.queueRest(errOverdue, h)
}

// queueRest ends the stream for why, and queues h and every message nats.go
// still hands over for the runners, without waiting for one. Returning lets
// nats.go ask for more messages, which the worker would hold beyond its
// window: it returns once the subscription drains, and nats.go asks for
// nothing more.
func (s *stream) queueRest(why error, h *held) {
	s.overdue = true
	s.end(why)
	s.w.waiting.push(h)
	<-s.draining
}
