package jetstream

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	natsjs "github.com/nats-io/nats.go/jetstream"
)

// benchLimit is the Limit of every worker in the benchmarks, and the size of
// the semaphore of the nats.go baseline.
const benchLimit = 16

// BenchmarkConsume measures jobs per second through one embedded server
// (file storage), from a stream holding b.N jobs to the last job done, for
// Consume and for nats.go's own consumer side by side: each run of a case
// times both, one after the other, in turns (leash first in one run,
// nats.go first in the next), so that the load of the machine falls on both
// alike. It reports each side's jobs/s, processor time per job and time to
// stop, and the ratio of the jobs/s, with 1, 2 and 4 workers (each on a
// connection of its own, with Limit(16) or a semaphore of 16), for a task
// that does nothing — the ceiling of the pipeline — and for one that waits
// 1ms, as a call to another service does. Publishing is not timed. Run it
// with a fixed number of jobs, as the README shows:
//
//	go test -run '^$' -bench '^BenchmarkConsume$' -benchtime 10000x -count 10
func BenchmarkConsume(b *testing.B) {
	for _, work := range []time.Duration{0, time.Millisecond} {
		for _, workers := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("task=%v/workers=%d", work, workers), func(b *testing.B) {
				compare(b, workers, work, leashConsume())
			})
		}
	}
}

// BenchmarkPrefetch is BenchmarkConsume for the sizes of Prefetch that its
// default was chosen from.
func BenchmarkPrefetch(b *testing.B) {
	for _, work := range []time.Duration{0, time.Millisecond} {
		for _, workers := range []int{1, 4} {
			for _, prefetch := range []int{0, 16, 64, 128, 256, 512} {
				b.Run(fmt.Sprintf("task=%v/workers=%d/prefetch=%d", work, workers, prefetch), func(b *testing.B) {
					compare(b, workers, work, leashConsume(Prefetch(prefetch)))
				})
			}
		}
	}
}

// A consumeFunc runs workers on a consumer until ctx ends; each job runs
// task.
type consumeFunc func(ctx context.Context, c natsjs.Consumer, task func() error) error

// leashConsume is Consume with Limit(benchLimit) and opts.
func leashConsume(opts ...Option) consumeFunc {
	opts = append([]Option{Limit(benchLimit)}, opts...)
	return func(ctx context.Context, c natsjs.Consumer, task func() error) error {
		return Consume(ctx, c, func(context.Context, Msg) error { return task() }, opts...)
	}
}

// natsConsumeFunc is natsConsume as a consumeFunc.
func natsConsumeFunc(ctx context.Context, c natsjs.Consumer, task func() error) error {
	return natsConsume(ctx, c, benchLimit, func(natsjs.Msg) error { return task() })
}

// natsConsume is what a user of nats.go writes without leash, as its
// documentation shows: Consume, whose handler takes a place in a semaphore
// of limit and runs the task on a goroutine of its own, which
// acknowledges the message once the task succeeded. nats.go fetches ahead
// (500 messages by default).
func natsConsume(ctx context.Context, c natsjs.Consumer, limit int, task func(natsjs.Msg) error) error {
	sem := make(chan struct{}, limit)
	var ackErr atomic.Value
	cc, err := c.Consume(func(m natsjs.Msg) {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			if err := task(m); err != nil {
				m.Nak()
				return
			}
			if err := m.Ack(); err != nil {
				ackErr.CompareAndSwap(nil, err)
			}
		}()
	})
	if err != nil {
		return err
	}
	<-ctx.Done()
	cc.Stop()
	<-cc.Closed()
	for range limit {
		sem <- struct{}{} // every task has returned
	}
	if err, _ := ackErr.Load().(error); err != nil {
		return err
	}
	return ctx.Err()
}

// turn alternates which side of a comparison runs first.
var turn atomic.Int64

// compare times b.N jobs through leash's consume and nats.go's, in turns,
// and reports each side's jobs/s and their ratio, the processor time each
// used per job, and how long each took to stop: nats.go's Consume drops the
// messages it holds (Stop), leash's gives them back (its subscription
// drains) and waits for its tasks.
func compare(b *testing.B, workers int, work time.Duration, leash consumeFunc) {
	sides := []struct {
		name    string
		consume consumeFunc
	}{{"leash", leash}, {"nats", natsConsumeFunc}}
	if turn.Add(1)%2 == 0 {
		sides[0], sides[1] = sides[1], sides[0]
	}
	rate := map[string]float64{}
	for _, side := range sides {
		jobsPerSec, cpu, stop := throughput(b, workers, work, side.consume)
		rate[side.name] = jobsPerSec
		b.ReportMetric(jobsPerSec, side.name+"-jobs/s")
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), side.name+"-cpu-µs/job")
		b.ReportMetric(float64(stop.Microseconds())/1000, side.name+"-stop-ms")
	}
	b.ReportMetric(rate["leash"]/rate["nats"], "leash/nats")
}

// throughput publishes b.N jobs to a new embedded server, then times workers
// running consume, each on a connection of its own, from the start until
// every job's task has run; a task waits for work. It returns the jobs per
// second and the processor time used until then, and how long the workers
// took to return once told to stop.
func throughput(b *testing.B, workers int, work time.Duration, consume consumeFunc) (jobsPerSec float64, cpu, stop time.Duration) {
	b.StopTimer()
	s, err := embed(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		s.Shutdown()
		s.WaitForShutdown()
	}()
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
	start, cpuStart := time.Now(), cpuTime(b)
	for _, c := range consumers {
		go func() { errs <- consume(ctx, c, task) }()
	}
	<-all
	elapsed, cpu := time.Since(start), cpuTime(b)-cpuStart
	b.StopTimer()
	stopping := time.Now()
	cancel()
	for range workers {
		if err := <-errs; !errors.Is(err, context.Canceled) {
			b.Error(err)
		}
	}
	return float64(b.N) / elapsed.Seconds(), cpu, time.Since(stopping)
}

// cpuTime is the processor time the process has used so far, in user and
// system mode: the server's and the workers', as they share the process.
// Unlike the time a run takes, it hardly depends on what else the machine
// is doing.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
