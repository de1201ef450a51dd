// Package otel records what leash's fan-outs do with OpenTelemetry metrics:
// how many tasks run and how many wait for a slot, how many succeed, fail,
// panic or are skipped, how long they run and how long they wait.
//
// A bounded fan-out hides its trouble: when the limit is too low, tasks
// queue and latency grows with nothing failing; when a dependency slows
// down, every slot fills with waiting calls. The task count by state and the
// wait-time histogram show both, per pool, with the pool's limit to tell how
// full it is, next to the outcome counts that errgroup-style code otherwise
// leaves to a log line.
//
// The package's name is that of OpenTelemetry's own package, so import it
// under a name of its own:
//
//	import leashotel "github.com/leash-go/leash/contrib/otel"
//
// Make one Observer, with the program's MeterProvider, and pass it to every
// call with a name:
//
//	obs, err := leashotel.NewObserver(leashotel.WithMeterProvider(provider))
//	…
//	err = leash.ForEach(ctx, images, resize, leash.Limit(8), leash.Name("thumbnails"), leash.Observe(obs))
//
// The instruments follow OpenTelemetry's semantic conventions: names in the
// leash namespace, durations in seconds, counts in {task}, and the pool as
// the attribute leash.pool. The Observer's doc lists them; the module's
// README shows queries for a dashboard.
//
// A LeakObserver records what a leakwatch.Watcher finds, check after check:
// the goroutines leaked at each site, the checks run and how long they took.
package otel
