package jetstream

import (
	"slices"
	"time"

	natsjs "github.com/nats-io/nats.go/jetstream"
)

// defaultBackoff is the retry schedule of a consumer without a BackOff of its
// own: doubling from a second, so that a brief outage of what the tasks call
// costs a few quick retries, up to a minute, so that a long one is not
// hammered.
var defaultBackoff = []time.Duration{
	time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second,
	16 * time.Second, 32 * time.Second, time.Minute,
}

// defaultAckWait is the server's AckWait for a consumer configured without
// one.
const defaultAckWait = 30 * time.Second

// timing is what Consume needs to know of the consumer's clocks: when the
// server would give a message to another worker, when to retry a failed one,
// and how many deliveries a message gets.
type timing struct {
	ackWait    time.Duration   // the consumer's AckWait
	ackBackoff []time.Duration // the consumer's BackOff: per-delivery ack deadlines that replace AckWait
	retry      []time.Duration // delays before the redelivery of a failed message
	maxDeliver int             // deliveries a message gets; 0 or less: no limit
}

func newTiming(cc natsjs.ConsumerConfig, c config) timing {
	t := timing{ackWait: cc.AckWait, ackBackoff: cc.BackOff, retry: c.backoff, maxDeliver: cc.MaxDeliver}
	if t.ackWait <= 0 {
		t.ackWait = defaultAckWait
	}
	if t.retry == nil {
		t.retry = cc.BackOff
	}
	if len(t.retry) == 0 {
		t.retry = defaultBackoff
	}
	return t
}

// nth returns the entry of a per-delivery schedule for delivery n (n >= 1):
// the first for the first delivery, the last for every delivery past the end.
func nth(schedule []time.Duration, n uint64) time.Duration {
	i := min(n-1, uint64(len(schedule)-1))
	return schedule[i]
}

// retryDelay is how long the server should wait before delivering again a
// message whose delivery number delivered failed.
func (t timing) retryDelay(delivered uint64) time.Duration {
	return nth(t.retry, max(delivered, 1))
}

// progressEvery is how often a task working on delivery number delivered of
// a message tells the server it is still at it. A third of the ack deadline
// leaves room for two signals to be late or lost before the server gives the
// message to another worker.
func (t timing) progressEvery(delivered uint64) time.Duration {
	deadline := t.ackWait
	if len(t.ackBackoff) > 0 {
		deadline = nth(t.ackBackoff, max(delivered, 1))
	}
	return max(deadline/3, time.Millisecond)
}

// shortestDeadline is the shortest time the server gives a worker to
// acknowledge a delivery, or signal progress on it, before it gives the
// message to another worker: AckWait, or the shortest entry of the
// consumer's BackOff, which replaces it.
func (t timing) shortestDeadline() time.Duration {
	if len(t.ackBackoff) == 0 {
		return t.ackWait
	}
	return slices.Min(t.ackBackoff)
}

// last reports whether delivery number delivered is the last the server
// will make of its message.
func (t timing) last(delivered uint64) bool {
	return t.maxDeliver > 0 && delivered >= uint64(t.maxDeliver)
}
