package jetstream

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/leash-go/leash"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

// How a job of a scenario behaves.
type behaviour int

const (
	quick     behaviour = iota // succeeds after a short while
	flaky                      // fails on its first delivery, then succeeds
	broken                     // fails on every delivery
	slow                       // succeeds after several ack deadlines
	poisonous                  // panics
)

// scenario is a random workload for Consume on a fakeConsumer.
type scenario struct {
	limit      int
	prefetch   int // the Prefetch given to Consume; negative: none, the default
	jobs       []behaviour
	maxDeliver int
	ackWait    time.Duration
	stopAfter  time.Duration // cancel Consume's context then; 0: once every job is settled
	renewAt    time.Duration // a subscription renews its request then, as after a reconnection; 0: never
}

func newScenario(seed uint64, limit, jobs uint8, stopAfter uint16, panics bool) scenario {
	r := rand.New(rand.NewPCG(seed, 0))
	s := scenario{
		limit:      1 + int(limit%16),
		maxDeliver: 3,
		ackWait:    time.Second,
		stopAfter:  time.Duration(stopAfter%3000) * time.Millisecond,
		prefetch:   []int{-1, 0, 1 + r.IntN(8)}[r.IntN(3)],
		renewAt:    []time.Duration{0, time.Duration(r.IntN(2000)) * time.Millisecond}[r.IntN(2)],
	}
	for range int(jobs % 120) {
		var b behaviour
		switch p := r.IntN(100); {
		case p < 70:
			b = quick
		case p < 82:
			b = flaky
		case p < 90:
			b = broken
		case p < 98:
			b = slow
		default:
			b = poisonous
		}
		if b == poisonous && !panics {
			b = quick
		}
		s.jobs = append(s.jobs, b)
	}
	return s
}

// poison is what a poisonous job panics with.
type poison struct{ id int }

// run runs the scenario under synctest and checks Consume's rules.
func (s scenario) run(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		opts := []Option{Limit(s.limit), Backoff(100 * time.Millisecond)}
		prefetch := defaultPrefetch(s.limit)
		if s.prefetch >= 0 {
			prefetch = s.prefetch
			opts = append(opts, Prefetch(prefetch))
		}
		c := newFakeConsumer(t, s.limit+prefetch, natsjs.ConsumerConfig{AckWait: s.ackWait, MaxDeliver: s.maxDeliver})
		c.renewAt = s.renewAt
		ids := make([]int, len(s.jobs))
		for i := range ids {
			ids[i] = i
		}
		c.publish(ids...)

		var tasks counter
		var entered, exited atomic.Int64
		task := func(ctx context.Context, m Msg) error {
			entered.Add(1)
			defer exited.Add(1)
			tasks.enter()
			defer tasks.leave()
			id, err := strconv.Atoi(string(m.Data))
			if err != nil {
				t.Errorf("payload %q: %v", m.Data, err)
				return err
			}
			d := time.Duration(1+id%7) * 10 * time.Millisecond
			switch s.jobs[id] {
			case slow:
				d = 3 * s.ackWait
			case flaky:
				if m.Metadata.NumDelivered == 1 {
					return errors.New("flaky")
				}
			case broken:
				return errors.New("broken")
			case poisonous:
				panic(poison{id})
			}
			select {
			case <-time.After(d):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}

		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		done := make(chan struct{})
		var err error
		var panicked any
		go func() {
			defer close(done)
			defer func() { panicked = recover() }()
			err = Consume(ctx, c, task, opts...)
		}()
		s.stop(t, c, cancel, done)
		<-done

		acked, naked, termed, unsettled := c.outcome()
		if unsettled != 0 {
			t.Errorf("Consume returned with %d messages unsettled", unsettled)
		}
		if e, x := entered.Load(), exited.Load(); e != x {
			t.Errorf("Consume returned with %d of %d tasks still running", e-x, e)
		}
		if p := tasks.peak.Load(); p > int64(s.limit) {
			t.Errorf("%d tasks ran at once, limit %d", p, s.limit)
		}
		for _, n := range c.fetches {
			if n > s.limit+prefetch {
				t.Errorf("fetched %d messages, limit %d and prefetch %d", n, s.limit, prefetch)
			}
		}
		for id, n := range acked {
			if n > 1 {
				t.Errorf("job %d acknowledged %d times", id, n)
			}
		}
		for id, n := range termed {
			if s.jobs[id] != poisonous || n != 1 {
				t.Errorf("job %d (%v) terminated %d times", id, s.jobs[id], n)
			}
		}

		if panicked != nil {
			p, ok := panicked.(*leash.PanicError)
			if !ok {
				t.Fatalf("Consume panicked with %T %v, want a *leash.PanicError", panicked, panicked)
			}
			v, ok := p.Value.(poison)
			if !ok || s.jobs[v.id] != poisonous || termed[v.id] != 1 {
				t.Errorf("Consume panicked with %v; job %v terminated %d times", p.Value, v.id, termed[v.id])
			}
			if !strings.Contains(string(p.Stack), "scenario.run") {
				t.Errorf("the panic's stack does not show the task:\n%s", p.Stack)
			}
			return
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Consume returned %v, want context.Canceled", err)
		}
		if s.stopAfter > 0 {
			return // stopped part way: the rules above are all that hold
		}
		for id, b := range s.jobs {
			switch b {
			case broken:
				if acked[id] != 0 || naked[id] != s.maxDeliver || c.deliverN[id] != s.maxDeliver {
					t.Errorf("broken job %d: %d acks, %d naks, %d deliveries; want 0, %d, %d", id, acked[id], naked[id], c.deliverN[id], s.maxDeliver, s.maxDeliver)
				}
			case poisonous:
			default:
				if acked[id] != 1 {
					t.Errorf("%v job %d acknowledged %d times, want 1", b, id, acked[id])
				}
			}
		}
	})
}

// stop cancels Consume when the scenario says so: after stopAfter, or once
// every job has met its end. A job that never does fails the test after ten
// minutes (of the bubble's time).
func (s scenario) stop(t *testing.T, c *fakeConsumer, cancel context.CancelFunc, done <-chan struct{}) {
	if s.stopAfter > 0 {
		select {
		case <-time.After(s.stopAfter):
		case <-done:
		}
		cancel()
		return
	}
	deadline := time.After(10 * time.Minute)
	for {
		select {
		case <-done:
			return
		case <-deadline:
			t.Error("jobs still unsettled after ten minutes")
			cancel()
			return
		case <-time.After(10 * time.Millisecond):
		}
		if s.finished(c) {
			cancel()
			return
		}
	}
}

// finished reports whether every job has met its end: acknowledged, given
// up on after its last delivery, or terminated.
func (s scenario) finished(c *fakeConsumer) bool {
	acked, naked, termed, _ := c.outcome()
	for id, b := range s.jobs {
		if acked[id] == 0 && termed[id] == 0 && !(b == broken && naked[id] == s.maxDeliver) {
			return false
		}
	}
	return true
}

func (b behaviour) String() string {
	return [...]string{"quick", "flaky", "broken", "slow", "poisonous"}[b]
}

// FuzzConsume runs random workloads — quick, failing, always failing, slow
// and panicking tasks, stopped at a random moment or once every job is done
// — and checks every rule of Consume: no fetch beyond the free slots, never
// more than Limit tasks at once, every message settled exactly once before
// Consume returns, failures retried up to MaxDeliver, a panic terminating
// its message and re-raised as a *leash.PanicError.
func FuzzConsume(f *testing.F) {
	for seed := range uint64(12) {
		f.Add(seed, uint8(seed*5), uint8(40+seed*7), uint16(seed%3*400), seed%4 == 3)
	}
	f.Fuzz(func(t *testing.T, seed uint64, limit, jobs uint8, stopAfter uint16, panics bool) {
		newScenario(seed, limit, jobs, stopAfter, panics).run(t)
	})
}

// A task running longer than the ack deadline keeps its message with
// progress signals every third of the deadline or a little more often —
// AckWait, or the consumer's BackOff entry for the delivery, as the server's
// deadline then is — and none after its message is acknowledged.
func TestProgressSignals(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cfg   natsjs.ConsumerConfig
		runs  time.Duration
		every time.Duration
	}{
		{"AckWait", natsjs.ConsumerConfig{AckWait: 3 * time.Second}, 10 * time.Second, time.Second},
		{"BackOff", natsjs.ConsumerConfig{AckWait: time.Hour, BackOff: []time.Duration{3 * time.Second, time.Hour}}, 4 * time.Second, time.Second},
	} {
		for _, prefetch := range []int{0, 1} {
			synctest.Test(t, func(t *testing.T) {
				c := newFakeConsumer(t, 1+prefetch, tc.cfg)
				c.publish(0)
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				err := Consume(ctx, c, func(ctx context.Context, m Msg) error {
					time.Sleep(tc.runs + time.Millisecond)
					cancel()
					return nil
				}, Limit(1), Prefetch(prefetch))
				if !errors.Is(err, context.Canceled) {
					t.Errorf("%s: Consume returned %v, want context.Canceled", tc.name, err)
				}
				acked, _, _, _ := c.outcome()
				if acked[0] != 1 {
					t.Fatalf("%s: message acknowledged %d times, want 1", tc.name, acked[0])
				}
				least, most := int(tc.runs/tc.every), int(tc.runs/(tc.every*3/4))
				if p := c.settled[0].progress; p < least || p > most {
					t.Errorf("%s, Prefetch(%d): %d progress signals over %v, want %d to %d", tc.name, prefetch, p, tc.runs, least, most)
				}
			})
		}
	}
}

// When its context ends, Consume stops fetching, cancels the running tasks,
// gives back the messages of those that fail and those fetched ahead,
// acknowledges those that succeed, and returns only when no task is running.
func TestCancelWaitsForTasksAndGivesBackTheirMessages(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newFakeConsumer(t, 4+2, natsjs.ConsumerConfig{AckWait: time.Minute})
		c.publish(0, 1, 2, 3, 4, 5, 6, 7)
		ctx, cancel := context.WithCancel(t.Context())
		var returned atomic.Int64
		var wg sync.WaitGroup
		wg.Go(func() {
			err := Consume(ctx, c, func(ctx context.Context, m Msg) error {
				defer returned.Add(1)
				<-ctx.Done()
				if string(m.Data) == "0" {
					time.Sleep(time.Second) // finishes its work regardless
					return nil
				}
				return ctx.Err()
			}, Limit(4), Prefetch(2), Backoff(time.Hour))
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Consume returned %v, want context.Canceled", err)
			}
			if n := returned.Load(); n != 4 {
				t.Errorf("Consume returned with %d of 4 tasks returned", n)
			}
		})
		synctest.Wait()
		cancel()
		wg.Wait()
		synctest.Wait() // for the messages given back to be queued again
		acked, naked, _, unsettled := c.outcome()
		if acked[0] != 1 || len(acked) != 1 || naked[4] != 1 || naked[5] != 1 || len(naked) != 3+2 || unsettled != 0 {
			t.Errorf("acked %v, given back %v, %d unsettled; want job 0 acked, 3 cut short and the 2 fetched ahead (4 and 5) given back", acked, naked, unsettled)
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if len(c.queue) != 2+3+2 {
			t.Errorf("%d messages queued again, want the 2 never fetched, the 3 cut short and the 2 fetched ahead (at once, not after the hour of Backoff)", len(c.queue))
		}
	})
}

// After a reconnection, nats.go asks for a full window again while messages
// of the old request still wait in its buffer: the worker takes in more than
// its window. It must neither stall nor let any of them reach its ack
// deadline unseen, and it must do every job once.
func TestRenewedRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const jobs = 40
		c := newFakeConsumer(t, 2+16, natsjs.ConsumerConfig{AckWait: time.Second})
		c.renewAt = 10 * time.Millisecond
		for id := range jobs {
			c.publish(id)
		}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		var done atomic.Int64
		returned := make(chan error, 1)
		go func() {
			returned <- Consume(ctx, c, func(ctx context.Context, m Msg) error {
				select {
				case <-time.After(1500 * time.Millisecond): // longer than the ack deadline
				case <-ctx.Done():
					return ctx.Err()
				}
				if done.Add(1) == jobs {
					cancel()
				}
				return nil
			}, Limit(2), Prefetch(16))
		}()
		var err error
		select {
		case err = <-returned:
		case <-time.After(10 * time.Minute):
			t.Fatalf("stalled: %d of %d jobs done after ten minutes", done.Load(), jobs)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Consume returned %v, want context.Canceled", err)
		}
		acked, _, _, unsettled := c.outcome()
		if len(acked) != jobs || unsettled != 0 || c.allowance == 0 {
			t.Errorf("%d jobs acknowledged, %d unsettled, renewed allowance %d; want %d, 0, and a renewal", len(acked), unsettled, c.allowance, jobs)
		}
		for id, n := range acked {
			if n != 1 {
				t.Errorf("job %d acknowledged %d times", id, n)
			}
		}
	})
}

func TestConsumeRejectsAckPolicies(t *testing.T) {
	for _, p := range []natsjs.AckPolicy{natsjs.AckAllPolicy, natsjs.AckNonePolicy} {
		c := newFakeConsumer(t, 1, natsjs.ConsumerConfig{})
		c.info.Config.AckPolicy = p
		c.publish(0)
		err := Consume(t.Context(), c, func(context.Context, Msg) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "AckExplicit") {
			t.Errorf("Consume on a consumer with %v returned %v, want an error naming AckExplicit", p, err)
		}
		if len(c.fetches) != 0 {
			t.Errorf("Consume on a consumer with %v fetched", p)
		}
	}
}

func TestConsumeMisuse(t *testing.T) {
	c := newFakeConsumer(t, 1, natsjs.ConsumerConfig{})
	task := func(context.Context, Msg) error { return nil }
	for name, call := range map[string]func(){
		"nil context":  func() { Consume(nil, c, task) },
		"nil consumer": func() { Consume(t.Context(), nil, task) },
		"nil task":     func() { Consume(t.Context(), c, nil) },
		"nil option":   func() { Consume(t.Context(), c, task, nil) },
		"Limit(0)":     func() { Limit(0) },
		"Prefetch(-1)": func() { Prefetch(-1) },
		"Backoff()":    func() { Backoff() },
		"Backoff(-1)":  func() { Backoff(-1) },
		"Observe(nil)": func() { Observe(nil) },
	} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "jetstream: ") {
					t.Errorf("%s: panic %q, want a message saying what to do", name, msg)
				}
			}()
			call()
		}()
	}
}

// A context that has already ended stops Consume before it fetches
// anything, with the context's cause, as leash's calls do.
func TestConsumeWithEndedContext(t *testing.T) {
	c := newFakeConsumer(t, 1, natsjs.ConsumerConfig{})
	c.publish(0)
	cause := errors.New("shutting down")
	ctx, cancel := context.WithCancelCause(t.Context())
	cancel(cause)
	err := Consume(ctx, c, func(context.Context, Msg) error { return nil })
	if err != cause || len(c.fetches) != 0 {
		t.Errorf("Consume returned %v after %d fetches, want the context's cause and none", err, len(c.fetches))
	}
}

// poolObserver records the pools it was asked to prepare for and the events
// of each.
type poolObserver struct {
	mu     sync.Mutex
	pools  []string
	events map[string][]leash.EventKind
}

func (p *poolObserver) Observe(leash.Event) { panic("events must go to the pool's observer") }

func (p *poolObserver) ForPool(name string) leash.Observer {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pools = append(p.pools, name)
	return observerFunc(func(e leash.Event) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.events[name] = append(p.events[name], e.Kind)
	})
}

type observerFunc func(leash.Event)

func (f observerFunc) Observe(e leash.Event) { f(e) }

// A leash.PoolObserver prepares the pool's Observer once per Consume, as
// leash's calls ask it to, and gets every event of the call through it.
func TestPoolObserver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newFakeConsumer(t, 2+defaultPrefetch(2), natsjs.ConsumerConfig{})
		c.publish(0)
		obs := &poolObserver{events: map[string][]leash.EventKind{}}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		Consume(ctx, c, func(context.Context, Msg) error { cancel(); return nil }, Limit(2), Observe(obs))
		want := []leash.EventKind{leash.CallStarted, leash.TaskQueued, leash.TaskStarted, leash.TaskEnded, leash.CallEnded}
		if !slices.Equal(obs.pools, []string{"fake"}) || !slices.Equal(obs.events["fake"], want) {
			t.Errorf("ForPool called for %q, events %v; want once for the consumer's name, events %v", obs.pools, obs.events, want)
		}
	})
}
