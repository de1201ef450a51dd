// Package prometheus exports what leash's fan-outs do as Prometheus
// metrics: how many tasks run and how many wait for a slot, how many
// succeed, fail, panic or are skipped, how long they run and how long they
// wait.
//
// A bounded fan-out hides its trouble: when the limit is too low, tasks
// queue and latency grows with nothing failing; when a dependency slows
// down, every slot fills with waiting calls. The in-flight and waiting
// gauges and the wait-time histogram show both, per pool, with the pool's
// limit to tell how full it is, next to the outcome counters that
// errgroup-style code otherwise leaves to a log line.
//
// The package's name is that of the client library's package, so import it
// under a name of its own:
//
//	import leashprom "github.com/leash-go/leash/contrib/prometheus"
//
// Make one Observer, register it, and pass it to every call with a name:
//
//	obs := leashprom.NewObserver()
//	prometheus.MustRegister(obs)
//	…
//	err := leash.ForEach(ctx, images, resize, leash.Limit(8), leash.Name("thumbnails"), leash.Observe(obs))
//
// The Observer's doc lists the series it exports; the module's README shows
// queries for a dashboard.
//
// A LeakObserver exports what a leakwatch.Watcher finds, check after check:
// the goroutines leaked at each site, the checks run and how long they took.
package prometheus
