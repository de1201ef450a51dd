package jetstream

import (
	"context"
	"time"

	natsjs "github.com/nats-io/nats.go/jetstream"
)

// fetchWhileRunning fetches messages into the free slots and queues them for
// the runners, until the worker stops: the way of Prefetch(0), where a
// message a worker holds is always being worked on.
func (w *worker) fetchWhileRunning() {
	var pause time.Duration // before the next fetch, after one failed for a passing reason
	for {
		n := w.reserve()
		if n == 0 {
			return
		}
		got, err := w.fetch(n)
		w.release(n - got)
		if !w.carryOn(err, "fetching messages", &pause) {
			return
		}
	}
}

// reserve waits for a free slot, then takes every free slot up to the
// consumer's MaxRequestBatch, and returns how many it took; 0 when the worker
// stops.
func (w *worker) reserve() int {
	select {
	case w.places <- struct{}{}:
	case <-w.ctx.Done():
		return 0
	}
	n := 1
	for w.batchMax <= 0 || n < w.batchMax {
		select {
		case w.places <- struct{}{}:
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

// release frees n slots reserved for a fetch.
func (w *worker) release(n int) {
	for range n {
		<-w.places
	}
}

// fetch asks the server for up to n messages and queues each that comes for
// the runners. It returns how many it queued, each holding one of the n
// slots, and why the fetch failed, if it did.
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
		if queued == n {
			// The server sent more than was asked for (which it does
			// not): no slot for the message, which another worker may
			// take at once.
			w.skip(m)
			continue
		}
		h, ok := w.hold(m)
		if !ok {
			continue
		}
		queued++
		if w.ctx.Err() != nil {
			// Stopping: the message goes back once the worker asks
			// for no more.
			w.giveBack(h)
			continue
		}
		w.handoff <- h // a runner is free, or about to be: the message has a slot
	}
	err = batch.Error()
	if err != nil && ctx.Err() != nil {
		// The fetch's own deadline, or the worker stopping: neither is
		// a failure of the fetch.
		err = nil
	}
	return queued, err
}
