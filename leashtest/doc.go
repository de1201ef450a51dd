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
// A goroutine is charged to the test whose goroutine, or a goroutine
// descended from it, started it after Check. Three records tell:
//
//   - A label. Check gives the test's goroutine a pprof label unique to the
//     check (key "leashtest"). The runtime copies a goroutine's labels to each
//     goroutine it starts, so the label reaches every goroutine the test
//     starts, the goroutines those start, and so on, even after the goroutines
//     in between have exited. leash.PprofLabels, which relabels the
//     goroutines leash starts, keeps it (package leash asks leashtest which
//     label to keep).
//   - The creator. Every goroutine's stack trace names the goroutine that
//     started it ("created by … in goroutine 7"). A goroutine without a
//     leashtest label — code replaced its labels, with pprof.Do or
//     pprof.SetGoroutineLabels as servers do for their workers — is followed
//     up its creators while they are alive: to the test's goroutine, or to
//     one carrying the check's label, it is the test's.
//   - What the check saw when it began: the goroutines alive then. None of
//     them is ever the test's. A goroutine whose chain of creators breaks — at
//     a goroutine that has exited, or at a timer callback (time.AfterFunc),
//     which the runtime starts for no goroutine — is an orphan: it is charged
//     to the test if it runs the test's own code (a closure of a top-level
//     test's function, which no other test runs), or if no other test can
//     have started it: neither the test nor a test it belongs to called
//     t.Parallel, and no check of an unrelated test was open meanwhile.
//
// So:
//
//   - tests running in parallel never blame each other;
//   - a goroutine a test leaks is never charged to a later test;
//   - goroutines that existed before Check are never blamed.
//
// A goroutine is charged to the test whose goroutine started it, not to the
// test that asked for it: a worker that a long-lived pool, created before the
// test, starts on the test's behalf is the pool's, and is not checked. An
// orphan of a test that runs in parallel with others, started by a timer or
// by a relabelled goroutine that has exited, running code other than the
// test's own, cannot be told apart from a neighbour's: no test's check
// reports it, and Main reports it once the tests have ended. Process-wide
// services the standard library starts on first use (os/signal's watcher,
// the trace reader) are ignored.
//
// Check goes first in the test. The check runs as a cleanup, and cleanups
// run last registered first, so a Check called first checks after every
// other cleanup has run: after t.Cleanup(srv.Close) has stopped the
// server. Called after that cleanup was registered, it checks while the
// server still runs, and the report says so.
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
// An orphan's report says why it is the test's:
//
//	charged     started by a time.AfterFunc callback while TestServer ran and no other test did
//
// and a report of goroutines still running says when the test registered
// cleanups before it called Check, which run after the check.
//
// # Cost
//
// A test that leaks nothing pays for two looks at the process's goroutines,
// one goroutine dump each, which stops the world while it is written: when
// Check begins, to know what is alive, and when the test ends. The first is
// spared when no goroutine but the test's own was started since the last
// dump, as between tests that run one after the other; the second when no
// goroutine at all was started since Check, which a read of the runtime's
// count of goroutines created tells. Where dumps do not print labels (Go
// 1.26 without GODEBUG=tracebacklabels=1, and modules that declare a go
// version before 1.27), the check also reads the goroutine profile, but only
// when the dump shows a goroutine that may be the test's. Looks and leak
// detection collections requested by tests that begin or end at the same
// time are shared.
package leashtest
