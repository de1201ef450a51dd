package jetstream

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/leash-go/leash"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

// errReturned is the cause of the tasks' context once Consume has returned;
// a goroutine that kept the context sees it end with this cause.
var errReturned = errors.New("jetstream: Consume has returned")

// errGoexit is what Consume returns when a task ends its goroutine with
// runtime.Goexit (t.FailNow in a test), which neither returns nor panics.
var errGoexit = errors.New("jetstream: task called runtime.Goexit")

// Consume runs task on the messages of consumer, at most Limit at once, until
// ctx ends. It is leash.ForEachSeq over a durable JetStream pull consumer:
// run Consume on every machine that should share the work, each bounded by
// its own Limit, and the consumer hands every message to one of them.
//
// Consume holds at most Limit + Prefetch messages: those whose tasks run,
// and up to Prefetch more fetched ahead (256 by default), so that a slot that
// frees starts its next task at once instead of waiting a round trip to the
// server. It keeps one pull subscription open for them (nats.go's Consume),
// which asks the server for more as the tasks take them. A message waiting
// here is kept from other workers as a running one is, and given back when
// Consume stops; Prefetch(0) fetches only into free slots instead, so that
// a busy worker holds no message it is not working on (see Prefetch for
// when to choose which). One exception to the bound: after a reconnection
// nats.go asks for a full window again, while messages of the old request
// may still be in its buffer; Consume then takes them all in and asks for no
// more until it has started them.
//
// The task is given the message and a context derived from ctx. What it
// returns decides the message's fate, so that nothing is lost and no path
// through a task can forget to acknowledge:
//
//   - nil: the message is acknowledged (Ack).
//   - an error: the message is given back (NakWithDelay) to be delivered
//     again after the Backoff delay for its delivery number, to this worker
//     or another. An error ends neither Consume nor the other tasks: it
//     belongs to its message. At the consumer's last delivery (MaxDeliver)
//     the message is given back without delay, and the server, which will
//     not deliver it again, publishes its MAX_DELIVERIES advisory naming the
//     message's stream sequence; the message stays in the stream for
//     whatever handles dead letters.
//   - a panic: the message is terminated (TermWithReason) so that it cannot
//     crash the next worker too, Consume stops as when ctx ends, and then
//     panics in the caller's goroutine with a *leash.PanicError carrying the
//     value and the stack of the panicking task, as leash does. A supervisor
//     that recovers it may log it and call Consume again.
//
// From the moment a message arrives until it is settled — while it waits for
// a slot and while its task runs — Consume tells the server, every third of
// the consumer's ack deadline (AckWait, or its BackOff entry for the
// delivery) or a little more often, that the message is in progress, so that
// the server does not hand it to another worker. Messages that nats.go has
// received and not yet handed over cannot be signalled: when they could have
// waited a third of the shortest ack deadline, Consume drains the
// subscription, takes them all in, and opens a new one once the tasks have
// caught up. A task that never returns holds its message forever: give tasks
// deadlines.
//
// When ctx ends, Consume stops fetching, cancels the tasks' context and
// waits for every task to return; a task that returns nil has its message
// acknowledged. The messages of the tasks that return an error, those
// fetched ahead and those that arrive as the subscription drains are given
// back (Nak), without delay, for another worker — once this one has stopped
// asking for messages, so that none comes straight back to it. Consume
// returns context.Cause(ctx) once no message is in flight: every message it
// took was acknowledged, given back or terminated. A message the server sent
// at the very moment the subscription closed, and that this worker never
// saw, is delivered again when its ack deadline passes.
//
// Consume also stops, the same way, when the server cannot be reached for
// good — the connection is closed, the consumer or its stream is deleted —
// or when an acknowledgement cannot be sent, and returns that error; a
// worker waiting on an idle stream notices a closed connection within about
// two seconds, from the missing heartbeats of its fetch. It retries a fetch
// that failed for a passing reason (a missed heartbeat while reconnecting, a
// change of leader) after a short pause.
//
// The consumer must acknowledge explicitly (AckExplicitPolicy): with AckAll
// the acknowledgement of one message would also acknowledge others still
// running, and with AckNone a failed message could not be retried. Consume
// returns an error, before fetching anything, for any other policy.
//
// With Observe, each message is reported in the events of package leash:
// TaskQueued when it arrives, TaskStarted when its task starts (Wait is the
// time since the stream stored the message, by the server's clock: how long
// the work queued), TaskEnded with what the task returned, TaskPanicked,
// and TaskSkipped for a message given back without running; CallStarted and
// CallEnded, with the Limit, bracket the call once the consumer's
// configuration is accepted.
//
// Consume panics if ctx, consumer or task is nil.
func Consume(ctx context.Context, consumer natsjs.Consumer, task func(ctx context.Context, m Msg) error, opts ...Option) error {
	switch {
	case ctx == nil:
		panic("jetstream: Consume with a nil Context: pass the caller's context, or context.Background() at the top of a program")
	case consumer == nil:
		panic("jetstream: Consume with a nil Consumer: get one with the Consumer or CreateOrUpdateConsumer method of nats.go's jetstream.JetStream or jetstream.Stream")
	case task == nil:
		panic("jetstream: Consume with a nil task")
	}
	c := newConfig(opts)
	info, err := consumer.Info(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		return fmt.Errorf("jetstream: reading the consumer's configuration: %w", err)
	}
	if p := info.Config.AckPolicy; p != natsjs.AckExplicitPolicy {
		return fmt.Errorf("jetstream: consumer %q acknowledges with %v: Consume needs %v, so that each message is acknowledged on its own",
			info.Name, p, natsjs.AckExplicitPolicy)
	}
	w := newWorker(ctx, consumer, task, c, info)
	defer w.cancel(errReturned)
	if w.obs != nil {
		w.callStarted()
		defer w.callEnded()
	}
	go w.keeper.run()
	defer w.keeper.end()
	for range c.limit {
		w.runners.Add(1)
		go w.run()
	}
	if w.streams() {
		w.streamWhileRunning()
	} else {
		w.fetchWhileRunning()
	}
	close(w.handoff)
	w.runners.Wait()
	w.giveBackWaiting()
	w.giveBackHeld()
	return w.finish()
}

// A worker is one call of Consume: the fetch loop, the runners of its
// tasks, the messages it holds, and how they went.
type worker struct {
	observing
	consumer natsjs.Consumer
	task     func(context.Context, Msg) error
	timing   timing
	window

	parent context.Context         // the caller's
	ctx    context.Context         // the tasks' and the fetches', derived from parent
	cancel context.CancelCauseFunc // stops the fetches and tells the tasks to stop

	runners sync.WaitGroup // Limit goroutines, each running one task at a time
	keeper  *keeper        // signals the progress of the messages held

	mu         sync.Mutex
	err        error             // the first error that stopped the worker
	panic      *leash.PanicError // the first panic
	toGiveBack []toGiveBack      // messages to give back once the worker asks for no more
}

func newWorker(ctx context.Context, consumer natsjs.Consumer, task func(context.Context, Msg) error, c config, info *natsjs.ConsumerInfo) *worker {
	w := &worker{
		observing: newObserving(c, info.Name),
		consumer:  consumer,
		task:      task,
		timing:    newTiming(info.Config, c),
		parent:    ctx,
	}
	w.window.init(c, info.Config)
	w.keeper = newKeeper(w.timing.shortestDeadline()/3, func(h *held, err error) {
		w.fail(ackError("signalling progress on", h.msg, err))
	})
	w.ctx, w.cancel = context.WithCancelCause(ctx)
	return w
}

// run runs the tasks of the messages handed over, one at a time, until the
// handoff closes.
func (w *worker) run() {
	defer w.runners.Done()
	for h := range w.handoff {
		if w.ctx.Err() != nil {
			w.giveBack(h)
			continue
		}
		w.handle(h)
	}
}

// skip gives back a message that will not run here.
func (w *worker) skip(m natsjs.Msg) {
	if w.obs != nil {
		w.skipped()
	}
	if err := m.Nak(); err != nil {
		w.fail(ackError("giving back", m, err))
	}
}

// handle runs the task of the held message h, and settles the message by
// what the task did.
func (w *worker) handle(h *held) {
	defer w.letGo()
	m, meta := h.msg, h.meta
	msg := Msg{Subject: m.Subject(), Header: m.Headers(), Data: m.Data(), Metadata: *meta}
	var startedAt time.Time
	if w.obs != nil {
		startedAt = w.started(meta.Timestamp)
	}
	normal := false
	defer func() {
		if !normal {
			w.abnormal(h, recover(), startedAt)
		}
	}()
	err := w.task(w.ctx, msg)
	normal = true
	if w.obs != nil {
		w.ended(startedAt, err)
	}
	if err != nil && w.ctx.Err() != nil {
		// The worker is stopping, which most likely cut the task short:
		// the message is not at fault, and another worker may take it
		// as soon as this one has stopped asking for messages.
		w.giveBackLater(h, false)
		return
	}
	w.keeper.release(h)
	w.settle(m, meta.NumDelivered, err)
}

// settle acknowledges message m, delivery number delivered, or gives it back,
// by what its task returned.
func (w *worker) settle(m natsjs.Msg, delivered uint64, taskErr error) {
	var err error
	switch {
	case taskErr == nil:
		err = m.Ack()
	case w.timing.last(delivered):
		// No delivery is left to wait for: the server settles it now.
		err = m.Nak()
	default:
		err = m.NakWithDelay(w.timing.retryDelay(delivered))
	}
	if err != nil {
		w.fail(ackError("settling", m, err))
	}
}

// abnormal settles the held message h, whose task started at startedAt
// neither returned nor left normally: it panicked with v, or called
// runtime.Goexit when v is nil. Either stops the worker. Call it from the
// deferred function of the task's goroutine, as recover must be called there
// and the stack is the panic's.
func (w *worker) abnormal(h *held, v any, startedAt time.Time) {
	m := h.msg
	if v == nil {
		if w.obs != nil {
			w.ended(startedAt, errGoexit)
		}
		w.fail(errGoexit)
		w.giveBackLater(h, false)
		return
	}
	w.keeper.release(h)
	p := &leash.PanicError{Value: v, Stack: debug.Stack()}
	if w.obs != nil {
		w.panicked(startedAt, v)
	}
	termErr := m.TermWithReason(fmt.Sprintf("task panicked: %v", v))
	w.mu.Lock()
	if w.panic == nil {
		w.panic = p
	}
	w.mu.Unlock()
	w.cancel(p)
	if termErr != nil {
		w.fail(ackError("terminating", m, termErr))
	}
}

// fail stops the worker for err. The first error in time is what Consume
// returns; if the caller's context had already ended, its cause is.
func (w *worker) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil && w.parent.Err() == nil {
		w.err = err
	}
	w.cancel(err)
}

// finish returns what Consume reports, or re-raises the first panic in the
// caller's goroutine. Call it once no task is running.
func (w *worker) finish() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.panic != nil {
		panic(w.panic)
	}
	if w.err != nil {
		return w.err
	}
	return context.Cause(w.parent)
}

// carryOn decides what follows a request for messages (doing) that ended
// with err, and reports false when the worker is to stop: the next request
// at once after a success; none when the worker stops, or after a failure
// that will last, which stops the worker; the next after a pause when the
// failure passes (a missed heartbeat while reconnecting, a change of
// leader): *pause, doubled from 50ms up to 5s.
func (w *worker) carryOn(err error, doing string, pause *time.Duration) bool {
	switch {
	case w.ctx.Err() != nil:
		return false
	case err == nil:
		*pause = 0
		return true
	case lasting(err):
		w.fail(fmt.Errorf("jetstream: %s: %w", doing, err))
		return false
	default:
		*pause = min(max(2**pause, 50*time.Millisecond), 5*time.Second)
		return w.sleep(*pause)
	}
}

// sleep waits for d, and reports false if the worker stopped first.
func (w *worker) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-w.ctx.Done():
		return false
	}
}

// ackError describes a failure to tell the server what became of message m.
func ackError(doing string, m natsjs.Msg, err error) error {
	if meta, merr := m.Metadata(); merr == nil {
		return fmt.Errorf("jetstream: %s message %d of stream %s: %w", doing, meta.Sequence.Stream, meta.Stream, err)
	}
	return fmt.Errorf("jetstream: %s a message: %w", doing, err)
}
