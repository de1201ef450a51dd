package jetstream

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	natsjs "github.com/nats-io/nats.go/jetstream"
)

// benchLimit is the Limit of every worker in BenchmarkConsume.
const benchLimit = 16

// BenchmarkConsume measures jobs per second through one embedded server,
// from a stream holding b.N jobs to the last acknowledgement, with 1, 2 and 4
// workers (each with a connection of its own and Limit(16)), for a task that
// does nothing — the ceiling of the pipeline — and for a task that waits 1ms,
// as one that calls another service does. Publishing is not timed. Run it
// with a fixed number of jobs, as the README shows:
//
//	go test -run '^$' -bench . -benchtime 20000x
func BenchmarkConsume(b *testing.B) {
	for _, work := range []time.Duration{0, time.Millisecond} {
		for _, workers := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("task=%v/workers=%d/limit=%d", work, workers, benchLimit), func(b *testing.B) {
				benchmarkWorkers(b, workers, work, func(ctx context.Context, c natsjs.Consumer, task func() error) error {
					return Consume(ctx, c, func(context.Context, Msg) error { return task() }, Limit(benchLimit))
				})
			})
		}
	}
}

// BenchmarkNatsConsume is the baseline: the same jobs through nats.go's own
// Consume, which prefetches up to 500 messages and runs the handler on one
// goroutine, acknowledging each message after the task. Only the task that
// does nothing is measured: with a task that waits, its one goroutine is the
// limit.
func BenchmarkNatsConsume(b *testing.B) {
	for _, workers := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("task=0s/workers=%d", workers), func(b *testing.B) {
			benchmarkWorkers(b, workers, 0, func(ctx context.Context, c natsjs.Consumer, task func() error) error {
				var ackErr atomic.Value
				cc, err := c.Consume(func(m natsjs.Msg) {
					if err := task(); err != nil {
						return
					}
					if err := m.Ack(); err != nil {
						ackErr.CompareAndSwap(nil, err)
					}
				})
				if err != nil {
					return err
				}
				<-ctx.Done()
				cc.Stop()
				<-cc.Closed()
				if err, _ := ackErr.Load().(error); err != nil {
					return err
				}
				return ctx.Err()
			})
		})
	}
}

// benchmarkWorkers publishes b.N jobs, then times workers running consume
// each on a connection of its own, from the start until every job's task has
// run and every worker has returned; a task waits for work.
func benchmarkWorkers(b *testing.B, workers int, work time.Duration, consume func(context.Context, natsjs.Consumer, func() error) error) {
	b.StopTimer()
	s := startServer(b)
	js := connect(b, s)
	jobQueue(b, js, natsjs.ConsumerConfig{AckWait: time.Minute})
	publishJobs(b, js, 0, b.N)

	ctx, cancel := context.WithCancel(b.Context())
	defer cancel()
	var done atomic.Int64
	all := make(chan struct{})
	task := func() error {
		if work > 0 {
			time.Sleep(work)
		}
		if done.Add(1) == int64(b.N) {
			close(all)
		}
		return nil
	}
	consumers := make([]natsjs.Consumer, workers)
	for w := range consumers {
		consumers[w] = consumerOf(b, connect(b, s))
	}
	errs := make(chan error, workers)
	b.StartTimer()
	start := time.Now()
	for _, c := range consumers {
		go func() { errs <- consume(ctx, c, task) }()
	}
	<-all
	cancel()
	for range workers {
		if err := <-errs; !errors.Is(err, context.Canceled) {
			b.Error(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "jobs/s")
}
