package jetstream

import (
	"context"
	"fmt"
	"time"

	natsjs "github.com/nats-io/nats.go/jetstream"
)

// maxWait is how long one fetch waits on the server for messages before it is
// renewed. A fetch that has waited this long without its messages is not an
// error: the stream was idle.
const maxWait = 30 * time.Second

// heartbeat is how often the server tells a waiting fetch that it is still
// there. Two missed heartbeats end the fetch, so that a worker whose
// connection died notices within seconds, not at the end of maxWait.
const heartbeat = time.Second

// A window is the messages a worker holds: a place for each message running
// or waiting for a runner, Limit + Prefetch places in all. The fetch loop
// takes places before it asks the server for messages, and a message frees
// its place once settled, so that a worker never holds more than its places,
// whatever the server sends.
type window struct {
	places    chan struct{} // a token per place taken, by a message held or one being fetched
	waiting   chan *held    // messages fetched and not yet started, in arrival order; never full
	refill    int           // free places that make the next fetch: half the prefetch, at least 1
	batchMax  int           // messages per fetch at most: every place, or the consumer's MaxRequestBatch
	maxWait   time.Duration // how long one fetch waits on the server
	heartbeat time.Duration // how often the server signals a waiting fetch
}

func newWindow(c config, cc natsjs.ConsumerConfig) window {
	size := c.limit + c.prefetch
	w := window{
		places:   make(chan struct{}, size),
		waiting:  make(chan *held, size),
		batchMax: size,
		maxWait:  maxWait,
	}
	if b := cc.MaxRequestBatch; b > 0 {
		w.batchMax = min(w.batchMax, b)
	}
	// Waiting for half the prefetch to be free makes fetches large enough
	// to be worth their round trip, while the other half keeps the runners
	// busy until the fetch comes back.
	w.refill = min(max(c.prefetch/2, 1), w.batchMax)
	if e := cc.MaxRequestExpires; e > 0 {
		w.maxWait = min(w.maxWait, e)
	}
	// The server wants heartbeats well within a fetch's expiry, which the
	// client sets a little short of maxWait.
	w.heartbeat = min(heartbeat, w.maxWait/4)
	return w
}

// A held message is one the worker has taken from the server and not yet
// settled: waiting for a runner, or running. Its progress signals run from
// its arrival, so that it keeps its ack deadline while it waits too.
type held struct {
	msg      natsjs.Msg
	meta     *natsjs.MsgMetadata
	progress *progress
}

// release frees n places.
func (w *window) release(n int) {
	for range n {
		<-w.places
	}
}

// fetchWhileRunning fetches messages into the free places and queues them
// for the runners, until the worker stops.
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

// reserve waits for refill free places, then takes every free place up to
// batchMax, and returns how many it took; 0 when the worker stops.
func (w *worker) reserve() int {
	n := 0
	for n < w.refill {
		select {
		case w.places <- struct{}{}:
			n++
		case <-w.ctx.Done():
			w.release(n)
			return 0
		}
	}
	for n < w.batchMax {
		select {
		case w.places <- struct{}{}:
			n++
			continue
		default:
		}
		break
	}
	if w.ctx.Err() != nil {
		// Both were ready and the places won: do not ask the server
		// for messages that would only be given back.
		w.release(n)
		return 0
	}
	return n
}

// fetch asks the server for up to n messages and queues each that comes for
// the runners. It returns how many it queued, each holding one of the n
// places, and why the fetch failed, if it did.
func (w *worker) fetch(n int) (queued int, err error) {
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
		if queued == n || w.ctx.Err() != nil {
			// Stopping, or the server sent more than was asked for
			// (which it does not): no place for the message, which
			// another worker may take at once.
			w.skip(m)
			continue
		}
		h, ok := w.hold(m)
		if !ok {
			continue
		}
		queued++
		w.waiting <- h // never blocks: the channel has room for every place
	}
	err = batch.Error()
	if err != nil && ctx.Err() != nil {
		// The fetch's own deadline, or the worker stopping: neither is
		// a failure of the fetch.
		err = nil
	}
	return queued, err
}

// hold starts the progress signals of message m, which just arrived, and
// reports false, giving it back and stopping the worker, if m is not a
// message of a consumer.
func (w *worker) hold(m natsjs.Msg) (*held, bool) {
	meta, err := m.Metadata()
	if err != nil {
		// The connection is not speaking JetStream as this package
		// knows it.
		w.skip(m)
		w.fail(fmt.Errorf("jetstream: reading a message's metadata: %w", err))
		return nil, false
	}
	p := startProgress(w.timing.progressEvery(meta.NumDelivered), m.InProgress, func(err error) {
		w.fail(ackError("signalling progress on", m, err))
	})
	return &held{msg: m, meta: meta, progress: p}, true
}

// giveBack gives back the held message h without running it, and frees its
// place.
func (w *worker) giveBack(h *held) {
	h.progress.stop()
	w.skip(h.msg)
	w.release(1)
}

// giveBackWaiting gives back every message still waiting for a runner. Call
// it once the fetch loop and the runners have stopped.
func (w *worker) giveBackWaiting() {
	for {
		select {
		case h := <-w.waiting:
			w.giveBack(h)
		default:
			return
		}
	}
}
