package jetstream

import (
	"sync"
	"time"
)

// A keeper tells the server, every so often, that each message a worker
// holds is still being worked on (InProgress), so that the server does not
// hand it to another worker when its ack deadline passes: without it, a
// task that runs longer than the consumer's AckWait, or a message that
// waits that long for a runner, would be run twice at once, by two workers.
//
// One goroutine signals for every message held, rather than a timer each:
// most messages are settled long before their first signal is due, and
// keeping them then costs no more than linking them into a list.
type keeper struct {
	tick   time.Duration            // how often the keeper looks for signals due
	failed func(h *held, err error) // reports a signal that could not be sent
	stop   chan struct{}            // closed to end run
	done   chan struct{}            // closed when run has returned

	mu   sync.Mutex // held while signalling, so that release waits for a signal in flight
	ring held       // the sentinel of a ring of the messages kept
}

// A kept message is in a keeper's ring: when it was last heard of by the
// server, and how often it must be.
type kept struct {
	prev, next *held         // in the ring; nil when not kept
	last       time.Time     // delivered, or last signalled
	every      time.Duration // signal at least this often
	lost       bool          // a signal failed: no more are sent
}

// newKeeper returns a keeper that signals each message at least as often as
// its every says and at most a quarter of shortest more often, shortest
// being the shortest every of any message; failed is told of signals that
// fail. Call run to start it.
func newKeeper(shortest time.Duration, failed func(*held, error)) *keeper {
	k := &keeper{
		tick:   max(shortest/4, time.Millisecond),
		failed: failed,
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	k.ring.prev, k.ring.next = &k.ring, &k.ring
	return k
}

// keep signals the progress of h every every, from now until release.
func (k *keeper) keep(h *held, every time.Duration) {
	h.last, h.every = time.Now(), every
	k.mu.Lock()
	defer k.mu.Unlock()
	h.prev, h.next = k.ring.prev, &k.ring
	k.ring.prev.next = h
	k.ring.prev = h
}

// release stops the signals of h, and returns once none is being sent, so
// that h can be acknowledged: a signal sent after the acknowledgement would
// fail. Releasing a message not kept does nothing.
func (k *keeper) release(h *held) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if h.next == nil {
		return
	}
	h.prev.next, h.next.prev = h.next, h.prev
	h.prev, h.next = nil, nil
}

// run signals, every tick, the messages whose signal is due within the next
// tick, until end is called.
func (k *keeper) run() {
	defer close(k.done)
	t := time.NewTicker(k.tick)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			k.signal()
		case <-k.stop:
			return
		}
	}
}

// signal signals every message due.
func (k *keeper) signal() {
	type failure struct {
		h   *held
		err error
	}
	var failures []failure
	k.mu.Lock()
	now := time.Now()
	for h := k.ring.next; h != &k.ring; h = h.next {
		if h.lost || now.Sub(h.last) < h.every-k.tick {
			continue
		}
		if err := h.msg.InProgress(); err != nil {
			// The server may now give the message to another worker;
			// the task goes on, as its result may still be
			// acknowledged in time.
			h.lost = true
			failures = append(failures, failure{h, err})
			continue
		}
		h.last = now
	}
	k.mu.Unlock()
	for _, f := range failures {
		k.failed(f.h, f.err)
	}
}

// end stops run and waits for it to return.
func (k *keeper) end() {
	close(k.stop)
	<-k.done
}
