// Package leashtest fails tests that leak goroutines.
//
// A goroutine that outlives the test that started it is a bug waiting for
// production: blocked forever on a channel nobody reads, it holds its stack
// and everything it references, and a server that leaks one per request dies
// of it. Tests are where such leaks are cheapest to catch:
//
//	func TestServer(t *testing.T) {
//		leashtest.Check(t)
//		…
//	}
//
// or, for every test of a package at once:
//
//	func TestMain(m *testing.M) {
//		leashtest.Main(m)
//	}
//
// # Which goroutines a test is charged with
//
// Check gives the test's goroutine a pprof label unique to the check
// (key "leashtest"). The runtime copies a goroutine's labels to each goroutine
// it starts, so the label reaches every goroutine the test starts, the
// goroutines those start, and so on, even after the goroutines in between
// have exited. When the test ends, the check looks only at goroutines
// carrying its label. So:
//
//   - tests running in parallel never blame each other;
//   - a goroutine a test leaks is never charged to a later test;
//   - goroutines that existed before Check are never blamed.
//
// A goroutine is charged to the test whose goroutine started it, not to the
// test that asked for it: a worker that a long-lived pool, created before the
// test, starts on the test's behalf carries the pool's labels, not the
// test's, and is not checked. Code that replaces a goroutine's labels
// (pprof.SetGoroutineLabels, or pprof.Do with a context that lacks the test's
// labels) hides the goroutines it starts from the check; the goroutines a
// function passed to time.AfterFunc starts are not charged to the test either.
// Process-wide services the standard library starts on first use (os/signal's
// watcher, the trace reader) are ignored.
//
// # Two verdicts
//
// A goroutine still alive when its test ends gets one of two verdicts.
//
// Leaked: the runtime proved it blocked forever. The garbage collector of
// Go 1.27, and of Go 1.26 built with GOEXPERIMENT=goroutineleakprofile, can
// find goroutines blocked on a channel, a sync.Mutex, a sync.WaitGroup, a
// sync.Cond or a select whose objects no runnable goroutine can reach: nothing
// can ever wake them. The check runs such a collection (shared by all the
// checks that ask at the same time) as soon as it finds goroutines of its test
// alive, and reports proven leaks at once. A goroutine waiting for a
// sync.Mutex may only be found on a second collection; the check runs
// several.
//
// Lingering: still running after the grace period (DefaultGrace; see Grace).
// The runtime cannot prove a goroutine blocked if what it waits on is
// reachable from a global variable or from a goroutine that can still run,
// nor if it sleeps, waits for I/O or a timer, or spins: these goroutines may
// be slow rather than stuck. A lingering goroutine fails the test too, unless
// AllowLingering is given. Where the runtime has no leak profile, every leak
// is found this way, after the grace period.
//
// # What a report says
//
// Identical goroutines (same state, stack and creation site) are reported
// once, with their number:
//
//	leashtest: TestServer left 2 goroutines running, proven blocked forever:
//
//	2 goroutines [chan send]: leaked: the runtime proved it blocked forever, nothing can wake it
//	  blocked in  example.com/server.(*Server).handle
//	              at /src/server/server.go:42
//	  created by  example.com/server.(*Server).Serve in goroutine 21
//	              at /src/server/server.go:30
//	  goroutines  35, 36
//	  stack:
//	    …
//
// # Cost
//
// A test that leaks nothing pays for one look at the process's goroutines:
// one goroutine dump, which stops the world while it is written. If no
// goroutine at all was started since Check, a read of the runtime's count of
// goroutines created replaces it. Where dumps do not print labels (Go 1.26
// without GODEBUG=tracebacklabels=1, and modules that declare a go version
// before 1.27), the check also reads the goroutine profile, but only when the
// dump shows a goroutine that may descend from the test. Looks and leak
// detection collections requested by tests that end at the same time are
// shared.
package leashtest
