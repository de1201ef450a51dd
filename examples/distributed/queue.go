package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

const (
	streamName   = "JOBS"
	consumerName = "workers"
	maxDeliver   = 5 // attempts a job gets before the server gives up on it
)

// A queue is the stream of jobs and the consumer the workers share.
type queue struct {
	nc       *nats.Conn
	js       natsjs.JetStream
	consumer natsjs.Consumer
}

// openQueue creates the stream and its consumer, or finds them as another
// process created them, so that publishers and workers can start in any
// order.
func openQueue(ctx context.Context, conn *connector, ackWait time.Duration) (*queue, error) {
	nc, err := conn.connect("queue")
	if err != nil {
		return nil, err
	}
	q := &queue{nc: nc}
	replicas := 1
	if conn.cluster != nil {
		replicas = len(conn.cluster.nodes)
	}
	if err := q.open(ctx, replicas, ackWait); err != nil {
		nc.Close()
		return nil, err
	}
	return q, nil
}

func (q *queue) open(ctx context.Context, replicas int, ackWait time.Duration) error {
	var err error
	if q.js, err = natsjs.New(q.nc); err != nil {
		return err
	}
	stream, err := q.js.CreateOrUpdateStream(ctx, natsjs.StreamConfig{
		Name:     streamName,
		Subjects: []string{"jobs.>"},
		// A work queue keeps a job until a worker acknowledges it.
		Retention: natsjs.WorkQueuePolicy,
		// On a cluster, every node stores every job.
		Replicas: replicas,
	})
	if err != nil {
		return fmt.Errorf("creating the stream %s: %w", streamName, err)
	}
	q.consumer, err = stream.CreateOrUpdateConsumer(ctx, natsjs.ConsumerConfig{
		Durable:    consumerName,
		AckPolicy:  natsjs.AckExplicitPolicy,
		AckWait:    ackWait,
		MaxDeliver: maxDeliver,
	})
	if err != nil {
		return fmt.Errorf("creating the consumer %s: %w", consumerName, err)
	}
	return nil
}

// publish adds n jobs, numbered from 1. Each carries an id unique to this
// run, so that the stream drops a job published twice (a retried publish)
// but not the jobs of another run.
func (q *queue) publish(ctx context.Context, n int) error {
	const window = 1000 // publishes awaiting the server's acknowledgement at once
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	acks := make([]natsjs.PubAckFuture, 0, window)
	for i := 1; i <= n; i++ {
		job := strconv.Itoa(i)
		msg := &nats.Msg{Subject: "jobs." + job, Data: []byte(job), Header: nats.Header{}}
		msg.Header.Set(nats.MsgIdHdr, run+"-"+job)
		ack, err := q.js.PublishMsgAsync(msg)
		if err != nil {
			return fmt.Errorf("publishing job %d: %w", i, err)
		}
		acks = append(acks, ack)
		if len(acks) == window || i == n {
			for _, ack := range acks {
				select {
				case <-ack.Ok():
				case err := <-ack.Err():
					return fmt.Errorf("publishing job %s: %w", ack.Msg().Data, err)
				case <-ctx.Done():
					return context.Cause(ctx)
				}
			}
			acks = acks[:0]
		}
	}
	return nil
}

// waitEmpty returns once every job has been acknowledged or given up on:
// none waits for a worker and none is held by one. It asks again when the
// server cannot answer for a while — a node restarting, a leader being
// elected — and gives up after 30s of that.
func (q *queue) waitEmpty(ctx context.Context) error {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var failingSince time.Time
	for {
		info, err := q.consumer.Info(ctx)
		switch {
		case err != nil && ctx.Err() != nil:
			return context.Cause(ctx)
		case err != nil && failingSince.IsZero():
			failingSince = time.Now()
		case err != nil && time.Since(failingSince) > 30*time.Second:
			return fmt.Errorf("asking how many jobs are left: %w", err)
		case err == nil && info.NumPending == 0 && info.NumAckPending == 0:
			return nil
		case err == nil:
			failingSince = time.Time{}
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

func (q *queue) close() { q.nc.Close() }
