package jetstream_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/leash-go/leash"
	"github.com/leash-go/leash/contrib/jetstream"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

// jobsConsumer stands in for a real deployment: it starts a JetStream server
// embedded in the process, publishes jobs 1 to n on a work-queue stream and
// returns its durable consumer, with a function that shuts it all down.
func jobsConsumer(n int) (natsjs.Consumer, func()) {
	dir, err := os.MkdirTemp("", "jetstream-example-")
	check(err)
	s, err := server.NewServer(&server.Options{JetStream: true, StoreDir: dir, DontListen: true, NoLog: true, NoSigs: true})
	check(err)
	s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		panic("embedded server not ready")
	}
	nc, err := nats.Connect(s.ClientURL(), nats.InProcessServer(s))
	check(err)
	js, err := natsjs.New(nc)
	check(err)
	ctx := context.Background()
	stream, err := js.CreateStream(ctx, natsjs.StreamConfig{Name: "JOBS", Subjects: []string{"jobs.>"}, Retention: natsjs.WorkQueuePolicy})
	check(err)
	consumer, err := stream.CreateConsumer(ctx, natsjs.ConsumerConfig{Durable: "workers", MaxDeliver: 5})
	check(err)
	for i := 1; i <= n; i++ {
		_, err := js.Publish(ctx, "jobs."+strconv.Itoa(i), []byte(strconv.Itoa(i)))
		check(err)
	}
	return consumer, func() {
		nc.Close()
		s.Shutdown()
		s.WaitForShutdown()
		os.RemoveAll(dir)
	}
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}

// Workers on every machine run Consume on the same consumer; each job is
// done by one of them. Here one worker does ten jobs, four at a time, and
// stops when they are done.
func ExampleConsume() {
	consumer, shutdown := jobsConsumer(10)
	defer shutdown()

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var sum, done atomic.Int64
	err := jetstream.Consume(ctx, consumer, func(ctx context.Context, m jetstream.Msg) error {
		n, err := strconv.Atoi(string(m.Data))
		if err != nil {
			return err // given back, and retried after the Backoff
		}
		sum.Add(int64(n))
		if done.Add(1) == 10 {
			stop()
		}
		return nil // acknowledged
	}, jetstream.Limit(4))
	fmt.Println(sum.Load(), err)
	// Output: 55 context canceled
}

// A task that panics has its message terminated, so that it cannot crash
// the next worker, and Consume re-raises the panic once the other tasks have
// returned. A supervisor can recover it, and consume again.
func ExampleConsume_panic() {
	consumer, shutdown := jobsConsumer(1)
	defer shutdown()

	defer func() {
		p := recover().(*leash.PanicError)
		fmt.Println("recovered:", p.Value)
	}()
	jetstream.Consume(context.Background(), consumer, func(ctx context.Context, m jetstream.Msg) error {
		panic("job " + string(m.Data) + " is malformed")
	})
	// Output: recovered: job 1 is malformed
}

// The task is given the message's subject, headers, payload and metadata,
// such as how many times it was delivered.
func ExampleMsg() {
	consumer, shutdown := jobsConsumer(1)
	defer shutdown()

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	jetstream.Consume(ctx, consumer, func(ctx context.Context, m jetstream.Msg) error {
		fmt.Printf("%s %q from %s, delivery %d\n", m.Subject, m.Data, m.Metadata.Stream, m.Metadata.NumDelivered)
		stop()
		return nil
	})
	// Output: jobs.1 "1" from JOBS, delivery 1
}

// Options combine: at most 4 jobs at once, failed jobs back after 100ms,
// and events under the pool name "resize".
func ExampleOption() {
	consumer, shutdown := jobsConsumer(5)
	defer shutdown()

	opts := []jetstream.Option{jetstream.Limit(4), jetstream.Backoff(100 * time.Millisecond), jetstream.Name("resize")}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var done atomic.Int64
	jetstream.Consume(ctx, consumer, func(ctx context.Context, m jetstream.Msg) error {
		if done.Add(1) == 5 {
			stop()
		}
		return nil
	}, opts...)
	fmt.Println(done.Load(), "jobs done")
	// Output: 5 jobs done
}

// With Limit(3), never more than 3 of the 20 jobs are in flight in this
// worker; the others stay in the stream, for other workers.
func ExampleLimit() {
	consumer, shutdown := jobsConsumer(20)
	defer shutdown()

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var running, peak, done atomic.Int64
	jetstream.Consume(ctx, consumer, func(ctx context.Context, m jetstream.Msg) error {
		n := running.Add(1)
		defer running.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(time.Millisecond)
		if done.Add(1) == 20 {
			stop()
		}
		return nil
	}, jetstream.Limit(3))
	fmt.Println(done.Load(), "jobs, at most", peak.Load(), "at once")
	// Output: 20 jobs, at most 3 at once
}

// With Prefetch(0) a worker fetches only into free slots: every message it
// holds is being worked on, and a busy worker leaves the rest of the stream
// to idle ones — the choice for tasks that take minutes. The default window
// fetches ahead, so that a slot that frees starts its next task at once.
func ExamplePrefetch() {
	consumer, shutdown := jobsConsumer(6)
	defer shutdown()

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var done atomic.Int64
	jetstream.Consume(ctx, consumer, func(ctx context.Context, m jetstream.Msg) error {
		info, err := consumer.Info(ctx)
		if err != nil {
			return err
		}
		if done.Add(1) == 1 {
			fmt.Println("held by the worker:", info.NumAckPending, "of", 6)
		}
		if done.Load() == 6 {
			stop()
		}
		return nil
	}, jetstream.Limit(1), jetstream.Prefetch(0))
	// Output: held by the worker: 1 of 6
}

// A job that fails is delivered again after the Backoff delay.
func ExampleBackoff() {
	consumer, shutdown := jobsConsumer(1)
	defer shutdown()

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var last time.Time
	jetstream.Consume(ctx, consumer, func(ctx context.Context, m jetstream.Msg) error {
		if m.Metadata.NumDelivered < 3 {
			last = time.Now()
			return errors.New("the service it calls is unavailable")
		}
		fmt.Println("delivery 3, at least 50ms after delivery 2:", time.Since(last) >= 50*time.Millisecond)
		stop()
		return nil
	}, jetstream.Backoff(50*time.Millisecond), jetstream.Limit(1))
	// Output: delivery 3, at least 50ms after delivery 2: true
}

// counts is a leash.Observer that counts events by kind and pool.
type counts struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counts) Observe(e leash.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	key := e.Pool + " " + e.Kind.String()
	if e.Kind == leash.TaskEnded && e.Err != nil {
		key += " with an error"
	}
	c.n[key]++
}

// Any leash.Observer — such as those of the Prometheus and OpenTelemetry
// contrib modules — sees the tasks of Consume as it sees those of leash:
// queued as they arrive, started, ended (with the task's error), panicked,
// between the call's start and end. The pool is the consumer's name.
func ExampleObserve() {
	consumer, shutdown := jobsConsumer(3)
	defer shutdown()

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	obs := &counts{}
	var done atomic.Int64
	jetstream.Consume(ctx, consumer, func(ctx context.Context, m jetstream.Msg) error {
		if string(m.Data) == "2" && m.Metadata.NumDelivered == 1 {
			return errors.New("try again")
		}
		if done.Add(1) == 3 {
			stop()
		}
		return nil
	}, jetstream.Observe(obs), jetstream.Backoff(time.Millisecond))
	fmt.Println(obs.n)
	// Output: map[workers call ended:1 workers call started:1 workers ended:3 workers ended with an error:1 workers queued:4 workers started:4]
}

// Name names the pool in the Observer's events, to tell one kind of worker
// from another on a dashboard.
func ExampleName() {
	consumer, shutdown := jobsConsumer(1)
	defer shutdown()

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	obs := &counts{}
	jetstream.Consume(ctx, consumer, func(ctx context.Context, m jetstream.Msg) error {
		stop()
		return nil
	}, jetstream.Name("thumbnails"), jetstream.Observe(obs))
	fmt.Println(obs.n)
	// Output: map[thumbnails call ended:1 thumbnails call started:1 thumbnails ended:1 thumbnails queued:1 thumbnails started:1]
}
