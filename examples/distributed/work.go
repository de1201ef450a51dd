package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/leash-go/leash"
	"github.com/leash-go/leash/contrib/jetstream"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

// work runs s.workers workers on the queue, each on a connection of its own
// as if on a machine of its own, until ctx ends or, with stopWhenEmpty, the
// queue is empty; then it prints what each did.
func work(ctx context.Context, conn *connector, q *queue, s settings, stopWhenEmpty bool, stdout io.Writer) error {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	tallies := make([]*tally, s.workers)
	consumers := make([]natsjs.Consumer, s.workers)
	for i := range s.workers {
		nc, err := conn.connectNear(i, fmt.Sprintf("worker %d", i+1))
		if err != nil {
			return err
		}
		defer nc.Close()
		js, err := natsjs.New(nc)
		if err != nil {
			return err
		}
		if consumers[i], err = js.Consumer(ctx, streamName, consumerName); err != nil {
			return err
		}
		tallies[i] = &tally{}
	}

	start := time.Now()
	jobs := newRecord()
	g := leash.NewGroup(ctx)
	for i := range s.workers {
		g.Go(func(ctx context.Context) error {
			err := jetstream.Consume(ctx, consumers[i], job(s, jobs),
				jetstream.Limit(s.limit),
				jetstream.Backoff(100*time.Millisecond),
				jetstream.Observe(tallies[i]))
			if ctx.Err() != nil && errors.Is(err, context.Cause(ctx)) {
				return nil // stopped: done, or interrupted
			}
			return err
		})
	}
	if stopWhenEmpty {
		g.Go(func(ctx context.Context) error {
			if err := q.waitEmpty(ctx); err != nil && ctx.Err() == nil {
				return err
			}
			stop()
			return nil
		})
	}
	var killed string
	if conn.cluster != nil {
		g.Go(func(ctx context.Context) error {
			var err error
			killed, err = killHalfway(ctx, conn.cluster, jobs, s.jobs, stdout)
			return err
		})
	}
	err := g.Wait()
	report(stdout, tallies, s.limit, time.Since(start))
	if conn.cluster != nil && err == nil {
		jobs.report(stdout, s.jobs, s.failEvery, killed, s.ackWait)
	}
	return err
}

// job is the work a job stands for: it takes s.work, and every
// s.failEvery-th job fails its first attempt, as a call to a flaky service
// would, to show the retries. It records each job's deliveries and runs in
// jobs.
func job(s settings, jobs *record) func(context.Context, jetstream.Msg) error {
	return func(ctx context.Context, m jetstream.Msg) error {
		n, err := strconv.Atoi(string(m.Data))
		if err != nil {
			return fmt.Errorf("job %q is not a job number: %w", m.Data, err)
		}
		defer jobs.start(n, m.Metadata.NumDelivered)()
		if s.failEvery > 0 && n%s.failEvery == 0 && m.Metadata.NumDelivered == 1 {
			return fmt.Errorf("job %d: the service it calls is briefly unavailable", n)
		}
		t := time.NewTimer(s.work)
		defer t.Stop()
		select {
		case <-t.C:
			jobs.done(n)
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

// A tally is a leash.Observer that counts what one worker did.
type tally struct {
	done, failed, givenBack atomic.Int64
	running, peak           atomic.Int64
}

func (t *tally) Observe(e leash.Event) {
	switch e.Kind {
	case leash.TaskStarted:
		n := t.running.Add(1)
		for p := t.peak.Load(); n > p && !t.peak.CompareAndSwap(p, n); p = t.peak.Load() {
		}
	case leash.TaskEnded:
		t.running.Add(-1)
		if e.Err == nil {
			t.done.Add(1)
		} else {
			t.failed.Add(1)
		}
	case leash.TaskPanicked:
		t.running.Add(-1)
	case leash.TaskSkipped:
		t.givenBack.Add(1)
	}
}

// report prints each worker's tally and the total.
func report(w io.Writer, tallies []*tally, limit int, elapsed time.Duration) {
	var total int64
	for i, t := range tallies {
		total += t.done.Load()
		fmt.Fprintf(w, "worker %d: %d jobs done, %d attempts failed (retried later), %d given back unstarted, at most %d in flight (limit %d)\n",
			i+1, t.done.Load(), t.failed.Load(), t.givenBack.Load(), t.peak.Load(), limit)
	}
	fmt.Fprintf(w, "%d jobs done in %v: %.0f jobs/s\n", total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds())
}
