package jetstream

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

// The tests in this file run Consume against a real JetStream server,
// embedded in the test binary: a random port, a store in a temporary
// directory, shut down when the test ends.

const (
	streamName   = "JOBS"
	consumerName = "workers"
)

// embed starts an embedded JetStream server storing in dir, on a random
// port of the loopback interface.
func embed(dir string) (*server.Server, error) {
	s, err := server.NewServer(&server.Options{
		Host:      "127.0.0.1",
		Port:      server.RANDOM_PORT,
		JetStream: true,
		StoreDir:  dir,
		NoLog:     true,
		NoSigs:    true,
	})
	if err != nil {
		return nil, err
	}
	s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return nil, errors.New("the embedded server is not ready after 10s")
	}
	return s, nil
}

// startServer starts an embedded JetStream server for the test.
func startServer(t testing.TB) *server.Server {
	t.Helper()
	s, err := embed(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Shutdown()
		s.WaitForShutdown()
	})
	return s
}

// connect opens a connection of its own to s, as a worker on another
// machine would, closed when the test ends.
func connect(t testing.TB, s *server.Server) natsjs.JetStream {
	_, js := dial(t, s)
	return js
}

// dial is connect for a test that closes the connection itself too.
func dial(t testing.TB, s *server.Server) (*nats.Conn, natsjs.JetStream) {
	t.Helper()
	nc, err := nats.Connect(s.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := natsjs.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return nc, js
}

// jobQueue creates the stream of jobs, a work queue, and its durable pull
// consumer with cfg, and returns the consumer as seen from js.
func jobQueue(t testing.TB, js natsjs.JetStream, cfg natsjs.ConsumerConfig) natsjs.Consumer {
	t.Helper()
	c, err := createJobQueue(js, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func createJobQueue(js natsjs.JetStream, cfg natsjs.ConsumerConfig) (natsjs.Consumer, error) {
	ctx := context.Background()
	stream, err := js.CreateStream(ctx, natsjs.StreamConfig{
		Name:      streamName,
		Subjects:  []string{"jobs.>"},
		Retention: natsjs.WorkQueuePolicy,
	})
	if err != nil {
		return nil, err
	}
	cfg.Durable = consumerName
	return stream.CreateConsumer(ctx, cfg)
}

// consumerOf returns the jobs' consumer as seen from js, another worker's
// connection.
func consumerOf(t testing.TB, js natsjs.JetStream) natsjs.Consumer {
	t.Helper()
	c, err := js.Consumer(context.Background(), streamName, consumerName)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// publishJobs publishes jobs first to first+n-1, each a message whose
// payload is its number.
func publishJobs(t testing.TB, js natsjs.JetStream, first, n int) {
	t.Helper()
	if err := publish(js, first, n); err != nil {
		t.Fatal(err)
	}
}

func publish(js natsjs.JetStream, first, n int) error {
	const window = 1000 // publishes awaiting the server's acknowledgement at once
	acks := make([]natsjs.PubAckFuture, 0, window)
	for i := first; i < first+n; i++ {
		id := strconv.Itoa(i)
		msg := &nats.Msg{Subject: "jobs." + id, Data: []byte(id), Header: nats.Header{}}
		msg.Header.Set(nats.MsgIdHdr, id)
		ack, err := js.PublishMsgAsync(msg)
		if err != nil {
			return err
		}
		acks = append(acks, ack)
		if len(acks) < window && i < first+n-1 {
			continue
		}
		for _, ack := range acks {
			select {
			case <-ack.Ok():
			case err := <-ack.Err():
				return fmt.Errorf("publishing job %s: %w", ack.Msg().Data, err)
			case <-time.After(30 * time.Second):
				return fmt.Errorf("publishing job %s: no acknowledgement after 30s", ack.Msg().Data)
			}
		}
		acks = acks[:0]
	}
	return nil
}

// jobID reads the job number of a message.
func jobID(t testing.TB, data []byte) int {
	id, err := strconv.Atoi(string(data))
	if err != nil {
		t.Errorf("payload %q is not a job number: %v", data, err)
	}
	return id
}

// queueState returns what the server says is left of the jobs: messages in
// the stream (a work queue keeps only those not acknowledged), and the
// consumer's messages not yet delivered and delivered but unacknowledged.
func queueState(t testing.TB, c natsjs.Consumer, js natsjs.JetStream) (stored uint64, pending uint64, ackPending int) {
	t.Helper()
	ctx := context.Background()
	info, err := c.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stream, err := js.Stream(ctx, streamName)
	if err != nil {
		t.Fatal(err)
	}
	sinfo, err := stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return sinfo.State.Msgs, info.NumPending, info.NumAckPending
}

// A ledger counts what workers told the server about each job — acks, naks,
// terminations, progress signals — by wrapping the consumer they fetch from.
// The calls go through to the server unchanged.
type ledger struct {
	t  testing.TB
	mu sync.Mutex
	// per job number
	acks, naks, delayedNaks, terms, progress map[int]int
	deliveries                               map[int][]uint64 // the NumDelivered of each delivery
}

func newLedger(t testing.TB) *ledger {
	return &ledger{t: t, acks: map[int]int{}, naks: map[int]int{}, delayedNaks: map[int]int{},
		terms: map[int]int{}, progress: map[int]int{}, deliveries: map[int][]uint64{}}
}

// watch returns c with every message fetched through it counted in l.
func (l *ledger) watch(c natsjs.Consumer) natsjs.Consumer { return ledgerConsumer{c, l} }

func (l *ledger) count(m map[int]int, data []byte) {
	id := jobID(l.t, data)
	l.mu.Lock()
	defer l.mu.Unlock()
	m[id]++
}

// snapshot returns a copy of one of the ledger's counts.
func (l *ledger) snapshot(m map[int]int) map[int]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := make(map[int]int, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

type ledgerConsumer struct {
	natsjs.Consumer
	l *ledger
}

func (c ledgerConsumer) Fetch(n int, opts ...natsjs.FetchOpt) (natsjs.MessageBatch, error) {
	b, err := c.Consumer.Fetch(n, opts...)
	if err != nil {
		return nil, err
	}
	lb := &ledgerBatch{inner: b, msgs: make(chan natsjs.Msg, n)}
	go func() {
		defer close(lb.msgs)
		for m := range b.Messages() {
			lb.msgs <- c.l.delivered(m)
		}
	}()
	return lb, nil
}

func (c ledgerConsumer) Consume(handler natsjs.MessageHandler, opts ...natsjs.PullConsumeOpt) (natsjs.ConsumeContext, error) {
	return c.Consumer.Consume(func(m natsjs.Msg) { handler(c.l.delivered(m)) }, opts...)
}

// delivered counts a delivery of m, and returns m with its acks counted.
func (l *ledger) delivered(m natsjs.Msg) natsjs.Msg {
	if meta, err := m.Metadata(); err == nil {
		id := jobID(l.t, m.Data())
		l.mu.Lock()
		l.deliveries[id] = append(l.deliveries[id], meta.NumDelivered)
		l.mu.Unlock()
	}
	return ledgerMsg{m, l}
}

type ledgerBatch struct {
	inner natsjs.MessageBatch
	msgs  chan natsjs.Msg
}

func (b *ledgerBatch) Messages() <-chan natsjs.Msg { return b.msgs }
func (b *ledgerBatch) Error() error                { return b.inner.Error() }

type ledgerMsg struct {
	natsjs.Msg
	l *ledger
}

func (m ledgerMsg) Ack() error {
	err := m.Msg.Ack()
	if err == nil {
		m.l.count(m.l.acks, m.Data())
	}
	return err
}

func (m ledgerMsg) Nak() error {
	m.l.count(m.l.naks, m.Data())
	return m.Msg.Nak()
}

func (m ledgerMsg) NakWithDelay(d time.Duration) error {
	m.l.count(m.l.delayedNaks, m.Data())
	return m.Msg.NakWithDelay(d)
}

func (m ledgerMsg) TermWithReason(reason string) error {
	m.l.count(m.l.terms, m.Data())
	return m.Msg.TermWithReason(reason)
}

func (m ledgerMsg) Term() error {
	m.l.count(m.l.terms, m.Data())
	return m.Msg.Term()
}

func (m ledgerMsg) InProgress() error {
	m.l.count(m.l.progress, m.Data())
	return m.Msg.InProgress()
}

// waitFor polls cond every 10ms until it holds, and fails the test after
// limit.
func waitFor(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after %v", what, limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// runWorker runs Consume in a goroutine of its own and returns a function
// that cancels it and returns what it returned (or the *leash.PanicError it
// panicked with, as a value).
func runWorker(ctx context.Context, c natsjs.Consumer, task func(context.Context, Msg) error, opts ...Option) (stop func() (error, any)) {
	ctx, cancel := context.WithCancel(ctx)
	var err error
	var panicked any
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { panicked = recover() }()
		err = Consume(ctx, c, task, opts...)
	}()
	return func() (error, any) {
		cancel()
		<-done
		return err, panicked
	}
}

func (l *ledger) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fmt.Sprintf("%d jobs acked, %d naked, %d naked with delay, %d terminated", len(l.acks), len(l.naks), len(l.delayedNaks), len(l.terms))
}
