package jetstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leash-go/leash"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

// counter counts a worker's tasks by outcome and the most that ran at once.
type counter struct {
	running, peak atomic.Int64
}

func (c *counter) enter() {
	n := c.running.Add(1)
	for p := c.peak.Load(); n > p && !c.peak.CompareAndSwap(p, n); p = c.peak.Load() {
	}
}

func (c *counter) leave() { c.running.Add(-1) }

// eventCounter is a leash.Observer that counts events by kind.
type eventCounter struct {
	mu     sync.Mutex
	kinds  map[leash.EventKind]int
	failed int // TaskEnded with an error
	pools  map[string]bool
	limits map[int]int // the Limit of CallStarted events
}

func (e *eventCounter) Observe(ev leash.Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.kinds == nil {
		e.kinds, e.pools, e.limits = map[leash.EventKind]int{}, map[string]bool{}, map[int]int{}
	}
	e.kinds[ev.Kind] += max(ev.Tasks, 1) // call events are about no task
	if ev.Kind == leash.CallStarted {
		e.limits[ev.Limit]++
	}
	e.pools[ev.Pool] = true
	if ev.Kind == leash.TaskEnded && ev.Err != nil {
		e.failed++
	}
}

// Ten thousand jobs through three workers, with faults along the way: every
// 97th job fails on its first delivery, and one worker is cancelled part way
// with eight tasks cut short and the messages it fetched ahead given back.
// Every job is processed and acknowledged exactly once, the cut-short jobs by
// the other workers, and no worker ever has more than its Limit in flight.
func TestTenThousandJobsThroughThreeWorkers(t *testing.T) {
	const (
		jobs    = 10000
		workers = 3
		limit   = 8
		cutAt   = 1000 // successes of worker 0 before its tasks start to hang
	)
	s := startServer(t)
	js := connect(t, s)
	jobQueue(t, js, natsjs.ConsumerConfig{AckWait: 5 * time.Second, MaxDeliver: 10})
	publishJobs(t, js, 0, jobs)

	l := newLedger(t)
	obs := &eventCounter{}
	var (
		mu        sync.Mutex
		succeeded [workers]map[int]int // per worker, per job: tasks that returned nil
		cut       = map[int]bool{}     // jobs held by worker 0 when it was cancelled
		cutDone   atomic.Int64         // of which the task has returned
		failed    = map[int]int{}      // flaky jobs: first deliveries that ran, and failed
	)
	var counts [workers]counter
	task := func(w int) func(context.Context, Msg) error {
		succeeded[w] = map[int]int{}
		return func(ctx context.Context, m Msg) error {
			counts[w].enter()
			defer counts[w].leave()
			id := jobID(t, m.Data)
			if id%97 == 0 && m.Metadata.NumDelivered == 1 {
				mu.Lock()
				failed[id]++
				mu.Unlock()
				return errors.New("flaky")
			}
			mu.Lock()
			hang := w == 0 && len(succeeded[0]) >= cutAt
			if hang {
				cut[id] = true
			}
			mu.Unlock()
			if hang {
				<-ctx.Done()
				cutDone.Add(1)
				return ctx.Err()
			}
			time.Sleep(time.Duration(id%5) * 200 * time.Microsecond) // some work, for the tasks to overlap
			mu.Lock()
			succeeded[w][id]++
			mu.Unlock()
			return nil
		}
	}
	var stops [workers]func() (error, any)
	for w := range workers {
		c := l.watch(consumerOf(t, connect(t, s)))
		stops[w] = runWorker(t.Context(), c, task(w), Limit(limit), Backoff(10*time.Millisecond), Observe(obs))
	}

	waitFor(t, 60*time.Second, "worker 0 holding a full set of hanging tasks", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(cut) == limit
	})
	err, p := stops[0]()
	if !errors.Is(err, context.Canceled) || p != nil {
		t.Errorf("worker 0 returned %v, panicked %v; want context.Canceled", err, p)
	}
	if n := cutDone.Load(); n != limit {
		t.Errorf("worker 0's Consume returned with %d of its %d tasks still running", limit-n, limit)
	}

	c := consumerOf(t, js)
	waitFor(t, 90*time.Second, "every job acknowledged", func() bool {
		stored, pending, ackPending := queueState(t, c, js)
		return stored == 0 && pending == 0 && ackPending == 0
	})
	for w := 1; w < workers; w++ {
		if err, p := stops[w](); !errors.Is(err, context.Canceled) || p != nil {
			t.Errorf("worker %d returned %v, panicked %v; want context.Canceled", w, err, p)
		}
	}

	acks := l.snapshot(l.acks)
	naks := l.snapshot(l.naks)
	l.mu.Lock()
	deliveries := maps.Clone(l.deliveries)
	l.mu.Unlock()
	delayed := l.snapshot(l.delayedNaks)
	totalAcks, processed := 0, 0
	for id := range jobs {
		totalAcks += acks[id]
		n := 0
		for w := range workers {
			n += succeeded[w][id]
		}
		if n > 0 {
			processed++
		}
		if acks[id] != 1 || n != 1 {
			t.Errorf("job %d: processed %d times, acknowledged %d times; want once", id, n, acks[id])
		}
		// A flaky job fails on its first delivery, unless the cancelled
		// worker held that one unstarted and gave it back, or it was on
		// its way to the cancelled worker as it stopped, and came back
		// when its ack deadline passed.
		if id%97 == 0 && (delayed[id] != failed[id] || failed[id]+naks[id] == 0 && slices.Contains(deliveries[id], 1)) {
			t.Errorf("flaky job %d failed %d times, given back with a delay %d times and without %d times; want a delay for each failure, and its first delivery failed or given back",
				id, failed[id], delayed[id], naks[id])
		}
	}
	for id := range cut {
		if naks[id] != 1 || succeeded[0][id] != 0 || acks[id] != 1 {
			t.Errorf("job %d cut short on worker 0: given back %d times, then processed by worker 0 %d times; want 1 and 0", id, naks[id], succeeded[0][id])
		}
	}
	for w := range workers {
		if p := counts[w].peak.Load(); p > limit {
			t.Errorf("worker %d ran %d tasks at once, limit %d", w, p, limit)
		}
	}
	if len(l.terms) != 0 {
		t.Errorf("terminated %v, want none", l.terms)
	}
	obs.mu.Lock()
	defer obs.mu.Unlock()
	k := obs.kinds
	if k[leash.TaskQueued] != k[leash.TaskStarted]+k[leash.TaskSkipped] || k[leash.TaskStarted] != k[leash.TaskEnded]+k[leash.TaskPanicked] ||
		k[leash.TaskEnded]-obs.failed != totalAcks || !obs.pools[consumerName] || len(obs.pools) != 1 ||
		k[leash.CallStarted] != workers || k[leash.CallEnded] != workers || obs.limits[limit] != workers {
		t.Errorf("observer saw %v, %d failed, pools %v, limits %v; want the events to add up to %d acks, pool %q, %d calls with limit %d",
			k, obs.failed, obs.pools, obs.limits, totalAcks, consumerName, workers, limit)
	}
	t.Logf("%d jobs, %d processed, %d acks; %d flaky jobs retried; %d jobs cut short on the cancelled worker and acknowledged by the others; %d skipped; peak in flight per worker: %d, %d, %d",
		jobs, processed, totalAcks, (jobs+96)/97, len(cut), k[leash.TaskSkipped], counts[0].peak.Load(), counts[1].peak.Load(), counts[2].peak.Load())
}

// subscribeAdvisories returns a channel that receives the server's
// advisories of kind (MAX_DELIVERIES, MSG_TERMINATED) for the jobs' consumer.
func subscribeAdvisories(t *testing.T, s *server.Server, kind string) <-chan map[string]any {
	nc, _ := dial(t, s)
	ch := make(chan map[string]any, 16)
	_, err := nc.Subscribe("$JS.EVENT.ADVISORY.CONSUMER."+kind+"."+streamName+"."+consumerName, func(m *nats.Msg) {
		var a map[string]any
		if err := json.Unmarshal(m.Data, &a); err != nil {
			t.Errorf("advisory %s: %v", m.Data, err)
			return
		}
		ch <- a
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	return ch
}

// A job whose task always fails is delivered again after the Backoff
// delay, up to the consumer's MaxDeliver; then the server gives up on it,
// says so in its MAX_DELIVERIES advisory, and keeps it in the stream. The
// other jobs and the worker carry on.
func TestFailingJobRetriedUpToMaxDeliver(t *testing.T) {
	const (
		maxDeliver = 4
		backoff    = 100 * time.Millisecond
		bad        = 3 // the job that fails; published fourth, so stream sequence 4
	)
	s := startServer(t)
	js := connect(t, s)
	c := jobQueue(t, js, natsjs.ConsumerConfig{AckWait: time.Minute, MaxDeliver: maxDeliver})
	advisories := subscribeAdvisories(t, s, "MAX_DELIVERIES")
	publishJobs(t, js, 0, 10)

	l := newLedger(t)
	var mu sync.Mutex
	var attempts []time.Time
	stop := runWorker(t.Context(), l.watch(c), func(ctx context.Context, m Msg) error {
		if jobID(t, m.Data) != bad {
			return nil
		}
		mu.Lock()
		attempts = append(attempts, time.Now())
		mu.Unlock()
		return errors.New("always fails")
	}, Limit(4), Backoff(backoff))

	select {
	case a := <-advisories:
		if seq, _ := a["stream_seq"].(float64); seq != bad+1 {
			t.Errorf("MAX_DELIVERIES advisory for stream sequence %v, want %d", a["stream_seq"], bad+1)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no MAX_DELIVERIES advisory after 30s")
	}
	time.Sleep(3 * backoff) // time for a delivery too many to show
	if err, p := stop(); !errors.Is(err, context.Canceled) || p != nil {
		t.Errorf("Consume returned %v, panicked %v; want context.Canceled", err, p)
	}

	l.mu.Lock()
	deliveries := l.deliveries[bad]
	acks, delayed, naks := len(l.acks), l.delayedNaks[bad], l.naks[bad]
	l.mu.Unlock()
	if want := []uint64{1, 2, 3, 4}; !slices.Equal(deliveries, want) {
		t.Errorf("job %d delivered as %v, want %v", bad, deliveries, want)
	}
	if delayed != maxDeliver-1 || naks != 1 || acks != 9 {
		t.Errorf("job %d given back %d times with a delay and %d without; %d jobs acked; want %d, 1 and 9", bad, delayed, naks, acks, maxDeliver-1)
	}
	for i := 1; i < len(attempts); i++ {
		if gap := attempts[i].Sub(attempts[i-1]); gap < backoff {
			t.Errorf("attempt %d came %v after the previous one, before the Backoff of %v", i+1, gap, backoff)
		}
	}
	if stored, pending, ackPending := queueState(t, c, js); stored != 1 || pending != 0 || ackPending != 0 {
		t.Errorf("stream holds %d messages, consumer has %d pending and %d unacknowledged; want the failed job kept, nothing pending", stored, pending, ackPending)
	}
}

var errPoison = errors.New("poison")

// A task that panics has its message terminated — never delivered again —
// and the panic re-raised in the caller of Consume as a *leash.PanicError,
// after the other tasks have returned and their messages were settled. A
// new Consume processes the rest.
func TestPanickingJobIsTerminatedAndReraised(t *testing.T) {
	const jobs, poisoned = 40, 7
	s := startServer(t)
	js := connect(t, s)
	c := jobQueue(t, js, natsjs.ConsumerConfig{AckWait: time.Minute})
	advisories := subscribeAdvisories(t, s, "MSG_TERMINATED")
	publishJobs(t, js, 0, jobs)

	l := newLedger(t)
	var running atomic.Int64
	task := func(ctx context.Context, m Msg) error {
		running.Add(1)
		defer running.Add(-1)
		if jobID(t, m.Data) == poisoned {
			panic(errPoison)
		}
		select {
		case <-time.After(20 * time.Millisecond):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	var pe *leash.PanicError
	func() {
		defer func() {
			r := recover()
			var ok bool
			if pe, ok = r.(*leash.PanicError); !ok {
				t.Fatalf("Consume panicked with %T %v, want a *leash.PanicError", r, r)
			}
			if n := running.Load(); n != 0 {
				t.Errorf("Consume panicked with %d tasks still running", n)
			}
		}()
		err := Consume(t.Context(), l.watch(c), task, Limit(4))
		t.Fatalf("Consume returned %v, want it to panic", err)
	}()
	if !errors.Is(pe, errPoison) || !strings.Contains(string(pe.Stack), "TestPanickingJobIsTerminatedAndReraised") {
		t.Errorf("PanicError %v does not unwrap to the panic's value or its stack does not show the task:\n%s", pe.Value, pe.Stack)
	}
	select {
	case a := <-advisories:
		if seq, _ := a["stream_seq"].(float64); seq != poisoned+1 || !strings.Contains(a["reason"].(string), "poison") {
			t.Errorf("TERMINATED advisory %v, want stream sequence %d and the panic as reason", a, poisoned+1)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no TERMINATED advisory after 10s")
	}

	stop := runWorker(t.Context(), l.watch(consumerOf(t, connect(t, s))), task, Limit(4))
	waitFor(t, 30*time.Second, "every other job acknowledged", func() bool {
		stored, pending, ackPending := queueState(t, c, js)
		return stored == 0 && pending == 0 && ackPending == 0
	})
	if err, p := stop(); !errors.Is(err, context.Canceled) || p != nil {
		t.Errorf("second Consume returned %v, panicked %v; want context.Canceled", err, p)
	}
	acks, terms := l.snapshot(l.acks), l.snapshot(l.terms)
	l.mu.Lock()
	poisonDeliveries := len(l.deliveries[poisoned])
	l.mu.Unlock()
	if len(acks) != jobs-1 || acks[poisoned] != 0 || terms[poisoned] != 1 || len(terms) != 1 || poisonDeliveries != 1 {
		t.Errorf("%d jobs acked, terminated %v, the poisoned job delivered %d times; want %d acked, job %d terminated after one delivery",
			len(acks), terms, poisonDeliveries, jobs-1, poisoned)
	}
	for id, n := range acks {
		if n != 1 {
			t.Errorf("job %d acknowledged %d times", id, n)
		}
	}
}

// A task that runs five times the consumer's AckWait keeps its message with
// progress signals: it is delivered once, to one worker, while another
// worker waits idle for anything redelivered.
func TestSlowJobKeptByProgressSignals(t *testing.T) {
	const ackWait = 600 * time.Millisecond
	s := startServer(t)
	js := connect(t, s)
	jobQueue(t, js, natsjs.ConsumerConfig{AckWait: ackWait})
	publishJobs(t, js, 0, 1)

	l := newLedger(t)
	var runs atomic.Int64
	task := func(ctx context.Context, m Msg) error {
		runs.Add(1)
		select {
		case <-time.After(5 * ackWait):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	a := runWorker(t.Context(), l.watch(consumerOf(t, connect(t, s))), task, Limit(2))
	b := runWorker(t.Context(), l.watch(consumerOf(t, connect(t, s))), task, Limit(2))
	waitFor(t, 30*time.Second, "the slow job acknowledged", func() bool { return len(l.snapshot(l.acks)) == 1 })
	time.Sleep(2 * ackWait) // time for a redelivery to show, were the message lost
	for _, stop := range []func() (error, any){a, b} {
		if err, p := stop(); !errors.Is(err, context.Canceled) || p != nil {
			t.Errorf("Consume returned %v, panicked %v; want context.Canceled", err, p)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := runs.Load(); n != 1 || len(l.deliveries[0]) != 1 || l.acks[0] != 1 || l.progress[0] < 6 {
		t.Errorf("slow job ran %d times, delivered %v, acked %d times after %d progress signals; want once, once, once, and a signal every %v",
			n, l.deliveries[0], l.acks[0], l.progress[0], ackWait/3)
	}
}

// A worker holds at most Limit + Prefetch messages: with a Limit of 4 and
// every task busy, the server has delivered 4 + Prefetch of the 100 jobs at
// most — exactly 4 with Prefetch(0), and at least 4 + Prefetch/2 otherwise,
// as nats.go asks for more once half its share has gone — and keeps the
// others for other workers. The messages waiting in the window keep their
// ack deadline: held for five ack deadlines while a second worker does the
// rest of the jobs and asks for more, none is delivered again, and each job
// runs and is acknowledged once.
func TestHoldsLimitPlusPrefetch(t *testing.T) {
	for _, prefetch := range []int{0, 12} {
		t.Run(fmt.Sprintf("prefetch=%d", prefetch), func(t *testing.T) {
			const limit, jobs, ackWait = 4, 100, 600 * time.Millisecond
			s := startServer(t)
			js := connect(t, s)
			c := jobQueue(t, js, natsjs.ConsumerConfig{AckWait: ackWait})
			publishJobs(t, js, 0, jobs)

			l := newLedger(t)
			release := make(chan struct{})
			var started, acked atomic.Int64
			task := func(ctx context.Context, m Msg) error {
				started.Add(1)
				select {
				case <-release:
				case <-ctx.Done():
					return ctx.Err()
				}
				acked.Add(1)
				return nil
			}
			a := runWorker(t.Context(), l.watch(consumerOf(t, connect(t, s))), task, Limit(limit), Prefetch(prefetch))
			least, most := limit+prefetch/2, limit+prefetch
			waitFor(t, 10*time.Second, "the window filled", func() bool {
				_, _, ackPending := queueState(t, c, js)
				return started.Load() == limit && ackPending >= least
			})
			time.Sleep(300 * time.Millisecond) // time for a fetch beyond the window to show
			_, pending, held := queueState(t, c, js)
			if started.Load() != limit || held < least || held > most || pending != jobs-uint64(held) {
				t.Errorf("with every slot busy: %d tasks started, the server has %d delivered, %d waiting; want %d, %d to %d, the rest",
					started.Load(), held, pending, limit, least, most)
			}
			// A second worker, quick, does the other jobs, then waits for
			// more: it would be given any message of the first whose ack
			// deadline passed.
			b := runWorker(t.Context(), l.watch(consumerOf(t, connect(t, s))), func(context.Context, Msg) error {
				acked.Add(1)
				return nil
			}, Limit(limit), Prefetch(prefetch))
			time.Sleep(5 * ackWait)
			close(release)
			waitFor(t, 30*time.Second, "every job acknowledged", func() bool {
				stored, _, _ := queueState(t, c, js)
				return stored == 0
			})
			for _, stop := range []func() (error, any){a, b} {
				if err, p := stop(); !errors.Is(err, context.Canceled) || p != nil {
					t.Errorf("Consume returned %v, panicked %v; want context.Canceled", err, p)
				}
			}
			l.mu.Lock()
			defer l.mu.Unlock()
			for id := range jobs {
				if len(l.deliveries[id]) != 1 || l.acks[id] != 1 {
					t.Errorf("job %d delivered %v, acknowledged %d times; want once", id, l.deliveries[id], l.acks[id])
				}
			}
			if acked.Load() != jobs {
				t.Errorf("%d tasks succeeded, want %d", acked.Load(), jobs)
			}
		})
	}
}

// A worker cancelled with tasks in flight gives their messages back at once:
// another worker gets them long before the ack deadline (a minute) would
// have handed them over. Consume returns only after its tasks have.
func TestCancelledWorkerGivesBackAtOnce(t *testing.T) {
	const limit = 5
	s := startServer(t)
	js := connect(t, s)
	jobQueue(t, js, natsjs.ConsumerConfig{AckWait: time.Minute})
	publishJobs(t, js, 0, limit)

	var heldA, returnedA atomic.Int64
	a := runWorker(t.Context(), consumerOf(t, connect(t, s)), func(ctx context.Context, m Msg) error {
		heldA.Add(1)
		defer returnedA.Add(1)
		<-ctx.Done()
		return ctx.Err()
	}, Limit(limit))
	waitFor(t, 10*time.Second, "worker A holding every job", func() bool { return heldA.Load() == limit })

	var doneB sync.Map
	b := runWorker(t.Context(), consumerOf(t, connect(t, s)), func(ctx context.Context, m Msg) error {
		doneB.Store(jobID(t, m.Data), true)
		return nil
	}, Limit(limit))
	cancelled := time.Now()
	if err, p := a(); !errors.Is(err, context.Canceled) || p != nil || returnedA.Load() != limit {
		t.Errorf("worker A returned %v, panicked %v, with %d of %d tasks returned; want context.Canceled after all", err, p, returnedA.Load(), limit)
	}
	waitFor(t, 10*time.Second, "worker B processing every job", func() bool {
		n := 0
		doneB.Range(func(any, any) bool { n++; return true })
		return n == limit
	})
	t.Logf("worker B had the %d jobs %v after worker A was cancelled", limit, time.Since(cancelled).Round(time.Millisecond))
	if err, p := b(); !errors.Is(err, context.Canceled) || p != nil {
		t.Errorf("worker B returned %v, panicked %v; want context.Canceled", err, p)
	}
}

// Consume returns, rather than retries, when the connection is closed under
// it, after its tasks have returned.
func TestClosedConnectionEndsConsume(t *testing.T) {
	s := startServer(t)
	js := connect(t, s)
	jobQueue(t, js, natsjs.ConsumerConfig{AckWait: time.Minute})
	publishJobs(t, js, 0, 1)

	nc, wjs := dial(t, s)
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- Consume(t.Context(), consumerOf(t, wjs), func(ctx context.Context, m Msg) error {
			close(started)
			nc.Close()
			return nil
		})
	}()
	<-started
	select {
	case err := <-done:
		if !errors.Is(err, nats.ErrConnectionClosed) {
			t.Errorf("Consume returned %v, want an error wrapping nats.ErrConnectionClosed", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Consume still running 30s after its connection was closed")
	}
}

// A worker waiting on an idle stream notices within seconds that its
// connection was closed, from the missing heartbeats of its fetch, and
// returns the error.
func TestIdleWorkerNoticesClosedConnection(t *testing.T) {
	s := startServer(t)
	jobQueue(t, connect(t, s), natsjs.ConsumerConfig{})
	nc, js := dial(t, s)
	done := make(chan error, 1)
	go func() {
		done <- Consume(t.Context(), consumerOf(t, js), func(context.Context, Msg) error { return nil })
	}()
	time.Sleep(200 * time.Millisecond) // for the fetch to be waiting
	nc.Close()
	closed := time.Now()
	select {
	case err := <-done:
		if !errors.Is(err, nats.ErrConnectionClosed) {
			t.Errorf("Consume returned %v, want an error wrapping nats.ErrConnectionClosed", err)
		}
		t.Logf("returned %v after the connection closed", time.Since(closed).Round(time.Millisecond))
	case <-time.After(15 * time.Second):
		t.Fatal("Consume still waiting 15s after its connection was closed")
	}
}

// A worker that dies with jobs in flight — its connection gone, nothing
// acknowledged — loses none of them: the server hands them to another worker
// when their ack deadline passes. The dead worker's late acknowledgements
// fail, and its Consume returns that error.
func TestDeadWorkersJobsGoToAnother(t *testing.T) {
	const jobs, ackWait = 3, time.Second
	s := startServer(t)
	js := connect(t, s)
	c := jobQueue(t, js, natsjs.ConsumerConfig{AckWait: ackWait})
	publishJobs(t, js, 0, jobs)

	ncA, jsA := dial(t, s)
	var heldA atomic.Int64
	release := make(chan struct{})
	doneA := make(chan error, 1)
	go func() {
		doneA <- Consume(t.Context(), consumerOf(t, jsA), func(ctx context.Context, m Msg) error {
			heldA.Add(1)
			<-release // deaf to its context, as a process that hung would be
			return nil
		}, Limit(jobs))
	}()
	waitFor(t, 10*time.Second, "worker A holding every job", func() bool { return heldA.Load() == jobs })
	ncA.Close()
	died := time.Now()

	var doneB sync.Map
	b := runWorker(t.Context(), consumerOf(t, connect(t, s)), func(ctx context.Context, m Msg) error {
		doneB.Store(jobID(t, m.Data), time.Since(died))
		return nil
	}, Limit(jobs))
	waitFor(t, 30*time.Second, "worker B acknowledging every job", func() bool {
		stored, _, _ := queueState(t, c, js)
		return stored == 0
	})
	doneB.Range(func(id, after any) bool {
		if after.(time.Duration) < ackWait/2 {
			t.Errorf("job %v redelivered %v after its worker died, before its ack deadline", id, after)
		}
		return true
	})
	close(release)
	if err := <-doneA; !errors.Is(err, nats.ErrConnectionClosed) {
		t.Errorf("the dead worker's Consume returned %v, want an error wrapping nats.ErrConnectionClosed", err)
	}
	if err, p := b(); !errors.Is(err, context.Canceled) || p != nil {
		t.Errorf("worker B returned %v, panicked %v; want context.Canceled", err, p)
	}
}
