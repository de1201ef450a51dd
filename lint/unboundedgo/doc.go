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
// sync.WaitGroup.Go, sourcegraph/conc), in a loop, with no limit in force —
// no SetLimit on the errgroup, no leash.Limit on the leash group, no
// WithMaxGoroutines on the conc pool (a group made elsewhere is assumed to
// be limited there), no semaphore taken and no wait in the loop, directly
// or through a helper of the package — when the code shows that the number
// of goroutines is the input's:
//
//   - the loop ranges over (or counts up to the length of) what a request
//     brought: a value decoded in the function before the loop
//     (json.Unmarshal(body, &req), dec.Decode(&req), proto.Unmarshal, a
//     Bind; not a decoder of a configuration format — YAML, TOML, HCL,
//     INI, viper, koanf — which reads the operator's settings), the
//     *http.Request a handler is given (r.URL.Query()["id"]), or
//     a parameter that is an RPC's request message, a protocol buffers
//     message named ...Request (req.Ids of a *BatchGetRequest in an RPC
//     handler; not a plain struct named so, which an in-process caller
//     fills): the remote caller sizes it;
//   - the loop ranges over a parameter the function never assigns, and a
//     call in the package passes it such input: a handler decodes the ids
//     and calls FetchAll(ctx, req.IDs), or hands on r.URL.Query()["id"].
//     One call away is as far as it looks; calls in tests, which decode
//     fixtures, do not count.
//
// Either is left alone when the code turns a request too large away before
// the fan-out, on every path to it: an if that returns when the length
// exceeds a bound (if len(req.IDs) > maxBatch { return … }), or an if that
// returns when a function of the package, handed the collection just
// before, fails because it found the length over a bound (if err :=
// validate(items); err != nil { return err }). The program chose the bound.
// So it did when the request type's field declares its largest length in a
// validation tag (Accounts []string `validate:"required,max=20"`, gin's
// binding:"max=20", lte= or len=; not a max after dive, which bounds each
// element): the validator turns a larger request away.
//
// With a semaphore taken inside the goroutine it is reported too: that
// limits how many goroutines work, not how many exist. The finding names
// the loop and where the input comes in — the decoding call, the request
// parameter, or the call that passes them and then where its caller got
// them. The semaphore taken inside looks like this:
//
//	for _, item := range items {
//		g.Go(func() error {
//			sem <- struct{}{} // every item's goroutine already exists
//			defer func() { <-sem }()
//			return work(ctx, item)
//		})
//	}
//
// What it leaves alone is what it cannot show: a collection held in a
// field, returned by a call or made from configuration, a parameter no
// call of the package fills from a request (even a slice of strings of an
// exported function: on real code, most often a deployment's server
// addresses or broker ids), a channel's values (an accept loop, a graph
// walk). Whether such a collection grows with the requests or is a
// deployment's handful of endpoints, the code does not say. leash.Map,
// leash.ForEach and their Seq forms are bounded by construction. A loop
// over the request whose every round waits for the goroutines it started
// (the group's Wait, a WaitGroup they mark done, or the value a goroutine
// ends by sending, later in its body on every way through) runs its rounds
// one after another: the request sets
// how long the call takes, not how many goroutines run at once.
//
// # Audit rules
//
// With -unboundedgo.audit it also reports fan-out over any parameter of a
// function other packages call (ids, URLs, keys, a count: the finding says
// the callers may pass any number), a semaphore taken inside the goroutine
// whatever the input, a graph walk (a loop over a channel its goroutines
// send on: one goroutine per node found), and collections whose size it
// cannot see come from the input, deciding what is fixed by names: a loop
// over a slice, a map, a channel or a dynamic count is reported unless it is over an array or a literal list, up to a constant,
// runtime.NumCPU(), runtime.GOMAXPROCS(0) or a variable, field or function
// named like a worker-count setting (workers, concurrency, parallelism,
// ...), over the deployment's own parts — a name with a word such as conn,
// client, peer, server, host, member, node, replica, shard, address or
// endpoint — or over a collection sized by configuration: a field of a
// value whose type is named like one (SDConfig, ServerConfig, Settings), or
// an unexported field that only a constructor sets, to such a collection or
// to one made to a fixed length. A field that a method assigns, appends to
// or adds keys to grows with the requests and is not fixed. Goroutines that
// only stop or await what already runs (a first call named like Stop,
// Close, Shutdown, Cancel, Wait), workers that range over a channel, and
// loops without a condition are left alone. These are guesses: on code the
// check was not written against, about a third of them were right.
//
// # Fixing it
//
// Bound the fan-out: g.SetLimit(n) on the errgroup, leash.Limit(n) on the
// leash group, leash.ForEach or leash.Map, or a fixed pool of workers
// reading from a channel. Size n to the bottleneck — the downstream
// connection pool or rate limit — rather than to the number of CPUs; the
// check offers no fix, since it cannot know that number.
package unboundedgo
