package jetstream

import (
	"fmt"
	"runtime"
	"time"

	"github.com/leash-go/leash"
)

// An Option tunes Consume. The options mirror those of package leash, with
// the same meaning, plus Backoff for the retries that only a message queue
// has.
type Option interface {
	apply(*config)
}

// config is what the options of one Consume add up to.
type config struct {
	limit    int             // messages in flight at once; 0 means GOMAXPROCS
	prefetch int             // messages fetched ahead of free slots; negative means the default
	backoff  []time.Duration // delays before the retries of a failed message; nil means the default
	observer leash.Observer
	name     string
	named    bool // Name was given, even as ""
}

// newConfig applies opts in order; a later option overrides an earlier one.
func newConfig(opts []Option) config {
	c := config{prefetch: -1}
	for _, o := range opts {
		if o == nil {
			panic("jetstream: nil Option: pass options such as jetstream.Limit(8), or none")
		}
		o.apply(&c)
	}
	if c.limit == 0 {
		c.limit = runtime.GOMAXPROCS(0)
	}
	if c.prefetch < 0 {
		c.prefetch = defaultPrefetch(c.limit)
	}
	return c
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// Limit makes at most n tasks of this Consume run at once. Consume holds at
// most n + Prefetch messages of the consumer — fetched from the server and
// not yet settled — and leaves the others in the stream for other workers.
// Without Limit, Consume uses runtime.GOMAXPROCS(0).
//
// Size n to what one worker can do at once — its connections to a database,
// its share of an API's rate limit. Consume runs the tasks on n goroutines
// it starts, as leash's Map does. The consumer's MaxAckPending bounds the
// messages in flight across all its workers.
// Limit panics if n < 1.
func Limit(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("jetstream: Limit(%d): a limit must be at least 1; leave Limit out to use the default", n))
	}
	return optionFunc(func(c *config) { c.limit = n })
}

// Prefetch lets Consume hold up to n messages beyond its Limit, fetched
// ahead of free slots, so that a task that ends is followed at once by the
// next instead of by a round trip to the server, and the server is asked for
// messages n/2 at a time rather than one slot at a time. Without Prefetch, n
// is 256: measured to match the throughput of nats.go's own consumer, which
// holds up to 500 (the README has the figures).
//
// A message waiting in this window is the worker's as much as a running one:
// Consume keeps it from other workers with progress signals (InProgress)
// and gives it back (Nak) when Consume stops. The price is that a worker
// whose slots are all busy holds up to n messages that an idle worker could
// have started: each waits here for a slot, up to n/Limit task durations,
// and if that passes a third of the ack deadline, the worker takes no more
// until it has started them all. With tasks of milliseconds that costs
// nothing; with tasks of seconds or more, or workers much slower than
// others, use a small n, or Prefetch(0), which fetches only into free slots
// (one request to the server per batch of free slots), so that a message a
// worker holds is always being worked on. Prefetch panics if n < 0.
func Prefetch(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("jetstream: Prefetch(%d): give 0 to fetch only into free slots, or more to fetch ahead", n))
	}
	return optionFunc(func(c *config) { c.prefetch = n })
}

// defaultPrefetch is the window of a Consume without Prefetch. nats.go asks
// the server for half the window at a time; smaller windows make more,
// smaller requests, which cost the worker and the server more processor
// time per message. BenchmarkPrefetch, with Limit(16), measured windows of
// 128 and 256 at parity with nats.go's own consumer (500) in processor time
// per message, and windows of 0 to 16 at about twice its cost (the README
// has the figures).
func defaultPrefetch(int) int {
	return 256
}

// Backoff sets how long the server waits before it delivers a failed
// message again: delays[0] after the first delivery failed, delays[1] after
// the second, and the last delay for every later one — the shape of the
// consumer's own BackOff setting.
//
// Without Backoff, Consume uses the consumer's BackOff when it has one, so
// that a message is retried on the same schedule whether its task failed or
// its worker vanished; otherwise 1s, 2s, 4s and so on, doubling up to a
// minute. Backoff panics if it is given no delay or a negative one.
func Backoff(delays ...time.Duration) Option {
	if len(delays) == 0 {
		panic("jetstream: Backoff(): give at least one delay, such as jetstream.Backoff(time.Second)")
	}
	for _, d := range delays {
		if d < 0 {
			panic(fmt.Sprintf("jetstream: Backoff: negative delay %v", d))
		}
	}
	delays = append([]time.Duration(nil), delays...)
	return optionFunc(func(c *config) { c.backoff = delays })
}

// Observe makes Consume report the life of every message's task to o, in
// the events of package leash, so that the observers written for leash —
// such as those of the Prometheus and OpenTelemetry contrib modules — watch
// a distributed fan-out as they watch a local one. See Consume for what each
// event means here.
func Observe(o leash.Observer) Option {
	if o == nil {
		panic("jetstream: Observe(nil): pass a leash.Observer, or leave the option out")
	}
	return optionFunc(func(c *config) { c.observer = o })
}

// Name names the pool of tasks for the Observer (leash.Event.Pool). Without
// it the pool is named after the consumer, so that the workers of one
// consumer add up to one pool on a dashboard.
func Name(name string) Option {
	return optionFunc(func(c *config) { c.name, c.named = name, true })
}
