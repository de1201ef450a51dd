package leash

import (
	"fmt"
	"runtime"
)

// An Option tunes a Group, Map, ForEach, MapSeq or ForEachSeq. The same
// options mean the same thing for every entry point.
type Option interface {
	apply(*config)
}

// config is what the options of one call add up to.
type config struct {
	limit       int  // at most this many tasks at once; 0 means "the entry point's default"
	collect     bool // run everything and join every error instead of stopping at the first
	observer    Observer
	name        string
	pprofLabels bool
}

// newConfig applies opts in order; a later option overrides an earlier one.
func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o == nil {
			panic("leash: nil Option: pass options such as leash.Limit(8), or none")
		}
		o.apply(&c)
	}
	return c
}

// workers is the number of tasks a call over a sequence of items runs at
// once: the Limit, or GOMAXPROCS when there is none, because that is the
// parallelism the machine has for work that computes rather than waits.
func (c config) workers() int {
	if c.limit > 0 {
		return c.limit
	}
	return runtime.GOMAXPROCS(0)
}

type limitOption int

func (o limitOption) apply(c *config) { c.limit = int(o) }

// Limit makes at most n tasks run at once. A Group given a Limit makes Go
// wait for a free slot, so a loop that starts a task per item is held back to
// the pace of the work (backpressure) instead of starting a goroutine per
// item. Map, ForEach, MapSeq and ForEachSeq start at most n goroutines
// whatever the length of their input; without Limit they use
// runtime.GOMAXPROCS(0).
//
// Size n to the bottleneck the tasks share — a connection pool, an API's
// rate limit — rather than to the number of cores when the tasks wait on I/O.
// Limit panics if n < 1.
func Limit(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("leash: Limit(%d): a limit must be at least 1; leave Limit out to use the default", n))
	}
	return limitOption(n)
}

type collectOption struct{}

func (collectOption) apply(c *config) { c.collect = true }

// CollectErrors makes a call run every task even when some fail, and return
// errors.Join of all their errors, in the order the tasks were given, instead
// of cancelling the rest at the first error. Use it for work whose items are
// independent, such as a batch of notifications where one bad address must
// not stop the others. A panic still stops everything.
func CollectErrors() Option { return collectOption{} }
