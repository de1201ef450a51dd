// Package jetstream runs leash's bounded, cancellable fan-out across
// machines, on a NATS JetStream durable pull consumer.
//
// When one machine is not enough for a fan-out, its items go into a stream
// and every machine runs Consume on the same consumer: the server hands each
// message to one worker, each worker runs at most Limit of them at once
// (holding up to Prefetch more, fetched ahead and kept from the others), and
// a message is acknowledged only when its task returned nil. A task that
// fails has its message delivered again later, with backoff; a task that
// panics has its message terminated and the panic re-raised in the caller
// as a *leash.PanicError; a worker that stops (its context ends, its machine
// dies) gives back or lets the server redeliver every message it had not
// finished. No message is lost: each is acknowledged, or delivered again,
// until the consumer's MaxDeliver says otherwise.
//
//	js, _ := natsjs.New(nc) // natsjs "github.com/nats-io/nats.go/jetstream"
//	consumer, _ := js.Consumer(ctx, "JOBS", "workers")
//	err := jetstream.Consume(ctx, consumer, func(ctx context.Context, m jetstream.Msg) error {
//		return resize(ctx, m.Data)
//	}, jetstream.Limit(16))
//
// Delivery is at least once: a message whose acknowledgement is lost on the
// way — as some are when a cluster's consumer changes leader — or whose
// worker stops between finishing the task and acknowledging, runs again. Tasks must be idempotent, as with any JetStream consumer; a
// stream's deduplication (the Nats-Msg-Id header) keeps the publishing side
// from adding duplicates.
package jetstream
