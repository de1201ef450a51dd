package jetstream

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

// fakeConsumer is an in-memory pull consumer, for tests that run Consume
// under testing/synctest and check its rules at every step: it delivers
// queued messages to fetches, takes back the ones given back after their
// delay, and fails the test at the first message settled twice, signalled
// after it was settled, settled or signalled after its ack deadline passed
// (when the server would have given it to another worker), or fetched
// beyond the places of the worker (its Limit and Prefetch).
//
// A fetch returns the messages queued when it is made, or waits for the
// first one for up to a second (Fetch's options, such as FetchContext, are
// opaque to a fake). A subscription (Consume) works as nats.go's: the
// server delivers up to PullMaxMessages ahead of the handler into a buffer,
// where they wait unseen, and the subscription asks for more once the
// handler has taken half. The real server's behaviour is for the tests in
// server_test.go.
type fakeConsumer struct {
	natsjs.Consumer // nil: only the methods below are used
	t               testing.TB
	info            natsjs.ConsumerInfo
	places          int // the Limit plus the Prefetch given to Consume, to check fetches against

	mu        sync.Mutex
	queue     []*fakeMsg
	arrived   chan struct{} // closed and replaced when a message is queued
	unsettled int           // delivered and not yet settled
	fetches   []int         // the batch size of every fetch
	settled   []*fakeMsg    // in the order they were settled
	deliverN  map[int]int   // deliveries per message id
	allowance int           // messages held beyond the places that renewed requests allow
	renewAt   time.Duration // when each subscription renews its request; 0: never
}

func newFakeConsumer(t testing.TB, places int, cfg natsjs.ConsumerConfig) *fakeConsumer {
	cfg.AckPolicy = natsjs.AckExplicitPolicy
	return &fakeConsumer{
		t:        t,
		info:     natsjs.ConsumerInfo{Name: "fake", Config: cfg},
		places:   places,
		arrived:  make(chan struct{}),
		deliverN: make(map[int]int),
	}
}

// publish queues messages with the given ids.
func (c *fakeConsumer) publish(ids ...int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		c.queue = append(c.queue, &fakeMsg{c: c, id: id})
	}
	c.signal()
}

// signal wakes fetches waiting for a message; call it with mu held.
func (c *fakeConsumer) signal() {
	close(c.arrived)
	c.arrived = make(chan struct{})
}

func (c *fakeConsumer) Info(ctx context.Context) (*natsjs.ConsumerInfo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	info := c.info
	return &info, nil
}

func (c *fakeConsumer) Fetch(n int, _ ...natsjs.FetchOpt) (natsjs.MessageBatch, error) {
	c.mu.Lock()
	c.fetches = append(c.fetches, n)
	if n < 1 || c.unsettled+n > c.places {
		c.t.Errorf("fetch of %d messages with %d held and %d places", n, c.unsettled, c.places)
	}
	arrived := c.arrived
	empty := len(c.queue) == 0
	c.mu.Unlock()
	if empty {
		select {
		case <-arrived:
		case <-time.After(time.Second):
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	b := &fakeBatch{msgs: make(chan natsjs.Msg, n)}
	for len(c.queue) > 0 && len(b.msgs) < n {
		b.msgs <- c.deliver()
	}
	close(b.msgs)
	return b, nil
}

// deliver takes the first queued message and delivers it; call it with mu
// held and a message queued.
func (c *fakeConsumer) deliver() *fakeMsg {
	m := c.queue[0]
	c.queue = c.queue[1:]
	c.deliverN[m.id]++
	c.unsettled++
	return &fakeMsg{c: c, id: m.id, delivered: c.deliverN[m.id], touched: time.Now()}
}

func (c *fakeConsumer) Consume(handler natsjs.MessageHandler, opts ...natsjs.PullConsumeOpt) (natsjs.ConsumeContext, error) {
	s := &fakeSubscription{c: c, handler: handler, max: natsjs.DefaultMaxMessages,
		more: make(chan struct{}, 1), buffered: make(chan struct{}, 1), draining: make(chan struct{}), closed: make(chan struct{})}
	for _, o := range opts {
		if m, ok := o.(natsjs.PullMaxMessages); ok {
			s.max = int(m)
		}
	}
	s.requested, s.pending = s.max, s.max
	go s.serve()
	go s.handle()
	if c.renewAt > 0 {
		go func() {
			select {
			case <-time.After(c.renewAt):
				s.renew()
			case <-s.draining:
			}
		}()
	}
	return s, nil
}

// A fakeSubscription is a Consume of a fakeConsumer: serve plays the server,
// delivering queued messages into the buffer as long as messages are
// requested, and handle plays nats.go, handing the buffered messages to the
// handler in order and requesting more.
type fakeSubscription struct {
	c       *fakeConsumer
	handler natsjs.MessageHandler
	max     int // PullMaxMessages

	// guarded by c.mu
	requested int        // messages the server may still deliver
	buffer    []*fakeMsg // delivered and not yet handed to the handler
	drained   bool       // Drain was called: the server delivers no more
	pending   int        // requested and not yet handed over

	more     chan struct{} // signalled when more messages are requested
	buffered chan struct{} // signalled when messages are buffered
	stopOnce sync.Once
	draining chan struct{} // closed by Drain
	closed   chan struct{} // closed once the handler has had the last buffered message
}

func (s *fakeSubscription) serve() {
	c := s.c
	for {
		c.mu.Lock()
		for s.requested > 0 && len(c.queue) > 0 && !s.drained {
			if c.unsettled+1 > c.places+c.allowance {
				c.t.Errorf("a message delivered with %d held and %d places (%d more after renewed requests)", c.unsettled, c.places, c.allowance)
			}
			s.buffer = append(s.buffer, c.deliver())
			s.requested--
		}
		arrived := c.arrived
		c.mu.Unlock()
		select {
		case s.buffered <- struct{}{}:
		default:
		}
		select {
		case <-arrived:
		case <-s.more:
		case <-s.draining:
			return
		}
	}
}

func (s *fakeSubscription) handle() {
	defer close(s.closed)
	c := s.c
	for {
		c.mu.Lock()
		var m *fakeMsg
		if len(s.buffer) > 0 {
			m = s.buffer[0]
			s.buffer = s.buffer[1:]
		}
		drained := s.drained
		c.mu.Unlock()
		if m == nil {
			if drained {
				return
			}
			select {
			case <-s.buffered:
			case <-s.draining:
			}
			continue
		}
		s.handler(m)
		c.mu.Lock()
		if s.pending--; s.pending < (s.max+1)/2 {
			s.requested += s.max - s.pending
			s.pending = s.max
			select {
			case s.more <- struct{}{}:
			default:
			}
		}
		c.mu.Unlock()
	}
}

// renew asks for a full window again without counting what is asked for
// and not yet handed over, as nats.go does after a reconnection or missed
// heartbeats: the worker may then hold up to a window more than its places.
func (s *fakeSubscription) renew() {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	if s.drained {
		return
	}
	s.requested += s.max
	s.pending = s.max
	s.c.allowance += s.max
	select {
	case s.more <- struct{}{}:
	default:
	}
}

func (s *fakeSubscription) Drain() {
	s.stopOnce.Do(func() {
		s.c.mu.Lock()
		s.drained = true
		s.c.mu.Unlock()
		close(s.draining)
	})
}

func (s *fakeSubscription) Stop()                   { s.c.t.Error("Stop loses the buffered messages: Drain") }
func (s *fakeSubscription) Closed() <-chan struct{} { return s.closed }

// settle records the fate of m, and queues it again after delay when it was
// given back and has deliveries left, as the server does.
func (c *fakeConsumer) settle(m *fakeMsg, how string, delay time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m.how != "" {
		c.t.Errorf("message %d (delivery %d) %s after it was %s", m.id, m.delivered, how, m.how)
		return natsjs.ErrMsgAlreadyAckd
	}
	m.checkDeadline(how)
	m.how = how
	c.unsettled--
	c.settled = append(c.settled, m)
	if how == "nak" && (c.info.Config.MaxDeliver <= 0 || c.deliverN[m.id] < c.info.Config.MaxDeliver) {
		again := &fakeMsg{c: c, id: m.id}
		time.AfterFunc(delay, func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.queue = append(c.queue, again)
			c.signal()
		})
	}
	return nil
}

// outcome returns how many messages were settled each way, and how many are
// still unsettled.
func (c *fakeConsumer) outcome() (acked, naked, termed map[int]int, unsettled int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	acked, naked, termed = map[int]int{}, map[int]int{}, map[int]int{}
	for _, m := range c.settled {
		switch m.how {
		case "ack":
			acked[m.id]++
		case "nak":
			naked[m.id]++
		case "term":
			termed[m.id]++
		}
	}
	return acked, naked, termed, c.unsettled
}

type fakeBatch struct{ msgs chan natsjs.Msg }

func (b *fakeBatch) Messages() <-chan natsjs.Msg { return b.msgs }
func (b *fakeBatch) Error() error                { return nil }

// fakeMsg is one delivery of a message.
type fakeMsg struct {
	c         *fakeConsumer
	id        int
	delivered int
	how       string    // "ack", "nak" or "term" once settled; guarded by c.mu
	progress  int       // InProgress signals; guarded by c.mu
	touched   time.Time // delivered, or last signalled in progress; guarded by c.mu
}

// checkDeadline fails the test if the server would have given the message
// to another worker before it was settled or signalled (what): its ack
// deadline — AckWait, or the consumer's BackOff entry for the delivery —
// passed since it was delivered or last signalled. Call it with c.mu held.
func (m *fakeMsg) checkDeadline(what string) {
	cfg := m.c.info.Config
	deadline := cfg.AckWait
	if deadline <= 0 {
		deadline = defaultAckWait
	}
	if len(cfg.BackOff) > 0 {
		deadline = cfg.BackOff[min(m.delivered, len(cfg.BackOff))-1]
	}
	if late := time.Since(m.touched); late > deadline {
		m.c.t.Errorf("message %d (delivery %d) %s %v after it was last heard of: its ack deadline of %v had passed, and the server had given it to another worker",
			m.id, m.delivered, what, late, deadline)
	}
	m.touched = time.Now()
}

func (m *fakeMsg) Metadata() (*natsjs.MsgMetadata, error) {
	return &natsjs.MsgMetadata{
		Sequence:     natsjs.SequencePair{Stream: uint64(m.id)},
		NumDelivered: uint64(m.delivered),
		Stream:       "FAKE",
		Consumer:     "fake",
		Timestamp:    time.Now(),
	}, nil
}

func (m *fakeMsg) Data() []byte         { return fmt.Appendf(nil, "%d", m.id) }
func (m *fakeMsg) Headers() nats.Header { return nil }
func (m *fakeMsg) Subject() string      { return "jobs" }
func (m *fakeMsg) Reply() string        { return "" }
func (m *fakeMsg) Ack() error           { return m.c.settle(m, "ack", 0) }
func (m *fakeMsg) Nak() error           { return m.c.settle(m, "nak", 0) }
func (m *fakeMsg) Term() error          { return m.c.settle(m, "term", 0) }
func (m *fakeMsg) TermWithReason(string) error {
	return m.c.settle(m, "term", 0)
}
func (m *fakeMsg) NakWithDelay(d time.Duration) error { return m.c.settle(m, "nak", d) }
func (m *fakeMsg) DoubleAck(context.Context) error    { return m.Ack() }

func (m *fakeMsg) InProgress() error {
	m.c.mu.Lock()
	defer m.c.mu.Unlock()
	if m.how != "" {
		m.c.t.Errorf("message %d (delivery %d) signalled in progress after it was %s", m.id, m.delivered, m.how)
		return natsjs.ErrMsgAlreadyAckd
	}
	m.checkDeadline("signalled in progress")
	m.progress++
	return nil
}
