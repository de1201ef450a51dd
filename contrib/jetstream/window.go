package jetstream

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	natsjs "github.com/nats-io/nats.go/jetstream"
)

// maxWait is how long one pull request waits on the server for messages
// before it is renewed. A request that has waited this long without its
// messages is not an error: the stream was idle.
const maxWait = 30 * time.Second

// heartbeat is how often the server tells a waiting pull request that it is
// still there. Two missed heartbeats end the request, so that a worker whose
// connection died notices within seconds, not at the end of maxWait.
const heartbeat = time.Second

// A window is what a worker holds: the messages it has taken from the server
// and not yet settled — running, handed to a runner, or waiting for one —
// Limit + Prefetch at most (but for a moment after nats.go renews its
// request, see stream).
type window struct {
	maxHeld  int // Limit + Prefetch
	prefetch int // messages held beyond the runners at most

	held atomic.Int64 // messages taken and not yet settled

	// handoff passes messages to the runners; the sender waits while it
	// is full. With Prefetch, it holds a few messages ready for the
	// runners that free up, so that none of them waits for the next
	// message to be prepared. It is closed once nothing sends.
	handoff chan *held
	// waiting holds the messages of a stream that its handler queued
	// without waiting for a runner, once they were overdue, for the loop
	// of streams to hand over.
	waiting backlog
	// places, with Prefetch(0), holds a token for every message held or
	// being fetched, so that a fetch asks only for free slots.
	places chan struct{}

	maxWait   time.Duration // how long one pull request waits on the server
	heartbeat time.Duration // how often the server signals a waiting request
	batchMax  int           // messages per pull request at most: the consumer's MaxRequestBatch, or no limit (0)
}

// init sizes the window for a Consume with c on a consumer configured
// with cc.
func (w *window) init(c config, cc natsjs.ConsumerConfig) {
	w.maxHeld = c.limit + c.prefetch
	w.prefetch = c.prefetch
	w.maxWait = maxWait
	w.batchMax = cc.MaxRequestBatch
	if e := cc.MaxRequestExpires; e > 0 {
		w.maxWait = min(w.maxWait, e)
	}
	// The server wants heartbeats well within a request's expiry, which the
	// client sets a little short of maxWait.
	w.heartbeat = min(heartbeat, w.maxWait/4)
	if !w.streams() {
		w.places = make(chan struct{}, c.limit)
	}
	w.handoff = make(chan *held, w.ready())
}

// ready is how many of the Prefetch messages wait in the handoff, ready for
// a runner: up to Limit, and half the window at most; nats.go holds the
// rest.
func (w *window) ready() int {
	if !w.streams() {
		return 0
	}
	return min(w.maxHeld-w.prefetch, w.prefetch/2)
}

// streams reports whether the worker keeps one pull subscription open (nats.go's
// Consume), as it does to fetch ahead, or makes one request per batch of
// free slots (Fetch). nats.go's Consume needs an expiry of a second at
// least, and a heartbeat of half a second at least and half the expiry at
// most.
func (w *window) streams() bool {
	return w.prefetch > 0 && w.maxWait >= 2*time.Second
}

// A held message is one the worker has taken from the server and not yet
// settled. The keeper signals its progress from its arrival, so that it
// keeps its ack deadline while it waits for a runner too.
type held struct {
	kept
	msg  natsjs.Msg
	meta *natsjs.MsgMetadata
}

// hold starts the progress signals of message m, which just arrived, and
// counts it as held. It reports false, giving m back and stopping the worker,
// if m is not a message of a consumer.
func (w *worker) hold(m natsjs.Msg) (*held, bool) {
	meta, err := m.Metadata()
	if err != nil {
		// The connection is not speaking JetStream as this package
		// knows it.
		w.skip(m)
		w.fail(fmt.Errorf("jetstream: reading a message's metadata: %w", err))
		return nil, false
	}
	w.held.Add(1)
	h := &held{msg: m, meta: meta}
	w.keeper.keep(h, w.timing.progressEvery(meta.NumDelivered))
	return h, true
}

// letGo counts a held message as settled, and frees its place.
func (w *worker) letGo() {
	w.held.Add(-1)
	if w.places != nil {
		<-w.places
	}
}

// giveBack gives back the held message h, which the worker is stopping
// before it ran, once the worker asks for no more messages.
func (w *worker) giveBack(h *held) {
	w.giveBackLater(h, true)
	w.letGo()
}

// A toGiveBack is a message to give back once the worker asks for no more:
// given back earlier, it could come straight back to the worker's own
// subscription, and again, each time using up one of its deliveries. Its
// progress signals go on until then.
type toGiveBack struct {
	h         *held
	unstarted bool // its task never ran
}

// giveBackLater keeps the held message h to be given back once the worker
// stops asking for messages. Call it only once the worker is stopping.
func (w *worker) giveBackLater(h *held, unstarted bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.toGiveBack = append(w.toGiveBack, toGiveBack{h, unstarted})
}

// giveBackHeld gives back the messages kept by giveBackLater. Call it once
// the worker asks for no more messages and its runners have stopped.
func (w *worker) giveBackHeld() {
	w.mu.Lock()
	msgs := w.toGiveBack
	w.toGiveBack = nil
	w.mu.Unlock()
	for _, g := range msgs {
		w.keeper.release(g.h)
		if g.unstarted {
			w.skip(g.h.msg)
		} else if err := g.h.msg.Nak(); err != nil {
			w.fail(ackError("giving back", g.h.msg, err))
		}
	}
}

// giveBackWaiting gives back every message still waiting for a runner. Call
// it once nothing feeds the runners and the runners have stopped.
func (w *worker) giveBackWaiting() {
	for h := range w.waiting.drain {
		w.giveBack(h)
	}
}

// A backlog is a queue of held messages that never makes its sender wait:
// a stream's handler must hand over everything nats.go has, however many
// messages that is, for its subscription to drain.
type backlog struct {
	mu   sync.Mutex
	msgs []*held
}

// push queues h.
func (b *backlog) push(h *held) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.msgs = append(b.msgs, h)
}

// drain yields the queued messages in order, taking each off the queue,
// until it is empty.
func (b *backlog) drain(yield func(*held) bool) {
	for {
		b.mu.Lock()
		if len(b.msgs) == 0 {
			b.mu.Unlock()
			return
		}
		h := b.msgs[0]
		b.msgs[0] = nil
		b.msgs = b.msgs[1:]
		b.mu.Unlock()
		if !yield(h) {
			return
		}
	}
}
