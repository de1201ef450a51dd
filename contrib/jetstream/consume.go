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

// maxWait is how long one fetch waits on the server for messages before it is
// renewed. A fetch that has waited this long without its messages is not an
// error: the stream was idle.
const maxWait = 30 * time.Second

// heartbeat is how often the server tells a waiting fetch that it is still
// there. Two missed heartbeats end the fetch, so that a worker whose
// connection died notices within seconds, not at the end of maxWait.
const heartbeat = time.Second

// Consume runs task on the messages of consumer, at most Limit at once, until
// ctx ends. It is leash.ForEachSeq over a durable JetStream pull consumer:
// run Consume on every machine that should share the work, each bounded by
// its own Limit, and the consumer hands every message to one of them.
//
// Consume fetches only into free slots: it asks the server for as many
// messages as it has tasks free to run them, never more, so a message held by
// a worker is always being worked on and a busy worker leaves the rest of the
// stream to idle ones.
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
// While a task runs, Consume tells the server every third of the
// consumer's ack deadline (AckWait, or its BackOff entry for the delivery)
// that the message is in progress, so that a long task does not see its
// message handed to another worker. A task that never returns holds its
// message forever: give tasks deadlines.
//
// When ctx ends, Consume stops fetching, cancels the tasks' context and
// waits for every task to return; a task that returns an error then has its
// message given back at once, for another worker, and one that returns nil
// has it acknowledged. Messages that arrive as the fetch is cut short are
// given back without running. Consume returns context.Cause(ctx) once no
// message is in flight: every message it took was acknowledged, given back
// or terminated. A message the server sent at the very moment the fetch was
// cut short, and that this worker never saw, is delivered again when its
// ack deadline passes.
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
	w.fetchWhileRunning()
	w.running.Wait()
	return w.finish()
}

// A worker is one call of Consume: the fetch loop, the tasks it started, and
// how they went.
type worker struct {
	observing
	consumer  natsjs.Consumer
	task      func(context.Context, Msg) error
	timing    timing
	batchMax  int           // messages per fetch at most: the limit, or the consumer's MaxRequestBatch
	maxWait   time.Duration // how long one fetch waits on the server
	heartbeat time.Duration // how often the server signals a waiting fetch

	parent context.Context         // the caller's
	ctx    context.Context         // the tasks' and the fetches', derived from parent
	cancel context.CancelCauseFunc // stops the fetches and tells the tasks to stop

	// slots holds a token for every slot taken, by a message in flight or
	// reserved for one being fetched; its capacity is the limit.
	slots   chan struct{}
	running sync.WaitGroup // the tasks' goroutines

	mu    sync.Mutex
	err   error             // the first error that stopped the worker
	panic *leash.PanicError // the first panic
}

func newWorker(ctx context.Context, consumer natsjs.Consumer, task func(context.Context, Msg) error, c config, info *natsjs.ConsumerInfo) *worker {
	w := &worker{
		observing: newObserving(c, info.Name),
		consumer:  consumer,
		task:      task,
		timing:    newTiming(info.Config, c),
		batchMax:  c.limit,
		maxWait:   maxWait,
		parent:    ctx,
		slots:     make(chan struct{}, c.limit),
	}
	if b := info.Config.MaxRequestBatch; b > 0 {
		w.batchMax = min(w.batchMax, b)
	}
	if e := info.Config.MaxRequestExpires; e > 0 {
		w.maxWait = min(w.maxWait, e)
	}
	// The server wants heartbeats well within a fetch's expiry, which the
	// client sets a little short of maxWait.
	w.heartbeat = min(heartbeat, w.maxWait/4)
	w.ctx, w.cancel = context.WithCancelCause(ctx)
	return w
}

// fetchWhileRunning fetches messages into the free slots and starts their
// tasks, until the worker stops.
func (w *worker) fetchWhileRunning() {
	var pause time.Duration // before the next fetch, after one failed for a passing reason
	for {
		n := w.reserve()
		if n == 0 {
			return
		}
		got, err := w.fetch(n)
		w.release(n - got)
		switch {
		case err == nil:
			pause = 0
		case w.ctx.Err() != nil:
			return
		case lasting(err):
			w.fail(fmt.Errorf("jetstream: fetching messages: %w", err))
			return
		default:
			pause = min(max(2*pause, 50*time.Millisecond), 5*time.Second)
			if !w.sleep(pause) {
				return
			}
		}
	}
}

// reserve waits for a free slot, then takes every free slot up to batchMax,
// and returns how many it took; 0 when the worker stops.
func (w *worker) reserve() int {
	select {
	case w.slots <- struct{}{}:
	case <-w.ctx.Done():
		return 0
	}
	n := 1
	for n < w.batchMax {
		select {
		case w.slots <- struct{}{}:
			n++
			continue
		default:
		}
		break
	}
	if w.ctx.Err() != nil {
		// Both were ready and the slot won: do not ask the server for
		// messages that would only be given back.
		w.release(n)
		return 0
	}
	return n
}

// release frees n slots.
func (w *worker) release(n int) {
	for range n {
		<-w.slots
	}
}

// fetch asks the server for up to n messages and starts a task for each
// that comes. It returns how many tasks it started, each holding one of the
// n slots, and why the fetch failed, if it did.
func (w *worker) fetch(n int) (started int, err error) {
	ctx, cancel := context.WithTimeout(w.ctx, w.maxWait)
	defer cancel()
	batch, err := w.consumer.Fetch(n, natsjs.FetchContext(ctx), natsjs.FetchHeartbeat(w.heartbeat))
	if err != nil {
		return 0, err
	}
	for m := range batch.Messages() {
		if w.obs != nil {
			w.queued()
		}
		if started == n || w.ctx.Err() != nil {
			// Stopping, or the server sent more than was asked for
			// (which it does not): no slot for the message, which
			// another worker may take at once.
			w.skip(m)
			continue
		}
		started++
		w.running.Add(1)
		go w.handle(m)
	}
	err = batch.Error()
	if err != nil && ctx.Err() != nil {
		// The fetch's own deadline, or the worker stopping: neither is
		// a failure of the fetch.
		err = nil
	}
	return started, err
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

// handle runs the task of message m, in a goroutine of its own, and settles
// the message by what the task did.
func (w *worker) handle(m natsjs.Msg) {
	defer w.running.Done()
	defer w.release(1)
	meta, err := m.Metadata()
	if err != nil {
		// Not a message of a consumer: the connection is not speaking
		// JetStream as this package knows it.
		w.skip(m)
		w.fail(fmt.Errorf("jetstream: reading a message's metadata: %w", err))
		return
	}
	msg := Msg{Subject: m.Subject(), Header: m.Headers(), Data: m.Data(), Metadata: *meta}
	var startedAt time.Time
	if w.obs != nil {
		startedAt = w.started(meta.Timestamp)
	}
	p := startProgress(w.timing.progressEvery(meta.NumDelivered), m.InProgress, func(err error) {
		w.fail(ackError("signalling progress on", m, err))
	})
	normal := false
	defer func() {
		if !normal {
			p.stop()
			w.abnormal(m, recover(), startedAt)
		}
	}()
	err = w.task(w.ctx, msg)
	p.stop()
	normal = true
	if w.obs != nil {
		w.ended(startedAt, err)
	}
	w.settle(m, meta.NumDelivered, err)
}

// settle acknowledges message m, delivery number delivered, or gives it back,
// by what its task returned.
func (w *worker) settle(m natsjs.Msg, delivered uint64, taskErr error) {
	var err error
	switch {
	case taskErr == nil:
		err = m.Ack()
	case w.ctx.Err() != nil:
		// The worker is stopping, which most likely cut the task short:
		// the message is not at fault, and another worker may take it
		// now.
		err = m.Nak()
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

// abnormal settles message m, whose task started at startedAt neither
// returned nor left normally: it panicked with v, or called runtime.Goexit
// when v is nil. Either stops the worker. Call it from the deferred function
// of the task's goroutine, as recover must be called there and the stack is
// the panic's.
func (w *worker) abnormal(m natsjs.Msg, v any, startedAt time.Time) {
	if v == nil {
		if w.obs != nil {
			w.ended(startedAt, errGoexit)
		}
		if err := m.Nak(); err != nil {
			w.fail(ackError("giving back", m, err))
		}
		w.fail(errGoexit)
		return
	}
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
