// Package unboundedgo defines an Analyzer that reports goroutines started
// per element of an input of unbounded size with no limit in force.
//
// # Analyzer unboundedgo
//
// unboundedgo: report goroutines started per element of unbounded input
// with no limit
//
// Starting a goroutine per item is the easiest fan-out to write:
//
//	for _, id := range ids {
//		g.Go(func() error { return fetch(ctx, id) })
//	}
//
// It works in tests with ten ids. In production the input decides how much
// runs at once: ten thousand ids make ten thousand concurrent requests,
// which exhaust the connection pool, melt the database behind it and push
// the process past its memory limit — all at the moment load is highest.
//
// # What it reports
//
// A go statement, or a group's Go or TryGo (errgroup, leash.Group,
// sync.WaitGroup.Go, sourcegraph/conc), inside a loop over an input whose
// size the program does not choose — a slice, a map, a channel, an
// iterator, or a count such as len(x) or a parameter n — when no limit is
// in force:
//
//   - the errgroup has no SetLimit, the leash group no leash.Limit, the conc
//     pool no WithMaxGoroutines (a group made elsewhere is assumed to be
//     limited there);
//   - the loop takes no semaphore before starting the goroutine (a send on
//     or receive from a channel, an Acquire call) and does not wait for it
//     (a receive or a Wait call after it: one at a time, or batches).
//
// A semaphore taken inside the goroutine, as in
//
//	g.Go(func() error {
//		sem <- struct{}{}
//		defer func() { <-sem }()
//		...
//	})
//
// limits how many goroutines work, not how many exist: every element still
// gets a goroutine, parked on the semaphore with its stack. It is reported
// too.
//
// Loops of a fixed size are fine: over an array or a literal list, up to a
// constant, runtime.NumCPU(), runtime.GOMAXPROCS(0), or a variable, field
// or function named like a worker-count setting (workers, concurrency,
// parallelism, ...), and loops over, or up to a count of, the deployment's
// own parts — a name with a word such as conn, client, peer, server, host,
// member, node, replica, shard, address or endpoint — whose number the
// deployment sets, not the requests. So are collections sized by
// configuration: a field of a value whose type is named like one
// (SDConfig, ServerConfig, Settings), or an unexported field that only a
// constructor sets, to such a collection or to one made to a fixed length
// (names read from the configuration, a buffer per CPU). A field that a
// method assigns, appends to or adds keys to grows with the requests and
// is not fixed.
//
// Goroutines that only stop or await what already runs are fine as well:
// one per element whose first call involving the element, deferred calls
// aside, is a method of it named like stopping or waiting (Stop, Close,
// Shutdown, Cancel, Wait, ...), or whose body only waits for a signal and
// passes it on. A goroutine that first works on the element — hands it to
// io.Copy, calls its Run — and closes it afterwards is a fan-out of work. The elements exist
// already, each with its own goroutine or resources; stopping them all at
// once bounds a shutdown by the slowest rather than by the sum, and a
// limit would serialise it.
//
// So are workers — goroutines that range over a channel, or receive from
// one in an endless loop — started once per element: the slice sizes the
// pool, and the work arrives through the channel. So are leash.Map,
// leash.ForEach and their Seq forms,
// which are bounded by construction, and loops without a condition (an
// accept loop's goroutine per connection is a server's decision, not an
// input's size).
//
// # Fixing it
//
// Bound the fan-out: g.SetLimit(n) on the errgroup, leash.Limit(n) on the
// leash group, leash.ForEach or leash.Map, or a fixed pool of workers
// reading from a channel. Size n to the bottleneck — the downstream
// connection pool or rate limit — rather than to the number of CPUs. For a
// local errgroup whose tasks do not talk to each other over channels, the
// suggested fix adds g.SetLimit(runtime.GOMAXPROCS(0)) after the group is
// made, a starting point to tune.
package unboundedgo
