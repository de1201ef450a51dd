// Package loopcapture defines an Analyzer that reports goroutines capturing
// a loop variable in code compiled with Go versions before 1.22.
//
// # Analyzer loopcapture
//
// loopcapture: report goroutines capturing a loop variable before Go 1.22
//
// Before Go 1.22, a for loop declared one variable for the whole loop and
// every iteration overwrote it. A goroutine started in the loop that refers
// to the variable sees whatever value it has when the goroutine gets to run,
// usually the last one:
//
//	for _, u := range urls {
//		g.Go(func() error {
//			return fetch(ctx, u) // before Go 1.22: every task may fetch the last URL
//		})
//	}
//
// The program still compiles, the tests often pass (goroutines tend to start
// promptly on an idle machine), and in production the same item is processed
// many times while others are skipped. go vet's loopclosure reports the case
// where the go statement is the last statement of the loop body; this check
// reports a capture anywhere in the body, and in tasks started with
// errgroup, leash, conc and sync.WaitGroup's Go as well as go statements.
//
// The check looks only at files whose Go version — the go directive of the
// module, or a //go:build go1.N line — is below 1.22. From Go 1.22 each
// iteration has its own variable and the capture is correct. Files whose
// version is unknown (GOPATH mode) are not checked.
//
// A goroutine the iteration waits for is left alone: a later statement of
// the loop's body, reached on every way through it (no return, break,
// continue, goto or panic before it), waits for it — Wait on the group a
// task was started on, or on a WaitGroup the goroutine marks done, or, for
// a goroutine that ends by sending on a local channel, or closing it
// (close(done) last, or defer close(done) first, which runs after every
// other deferred call), that nothing else in the function sends on,
// closes or is handed, a receive from that channel (in a select, one in
// every case, or a case that returns from the function: the loop is over,
// and the variable changes no more) — so it is done before the variable
// changes. Other handshakes (a
// receive the goroutine answers midway, after reading the variable) are not
// followed, and are still reported.
//
// Fix it by copying the variable before starting the goroutine, v := v, by
// passing it as an argument, go func(v T) { ... }(v), or by moving the module
// to go 1.22 or later. A suggested fix inserts the copy just before the go
// statement or Go call when nothing later in that block assigns the
// variable.
//
// # Audit rules
//
// Like every check, by default it reports production code only, not test
// code (_test.go files, helpers that import testing, mocks and fakes (mock_store.go,
// fakeclock.go), and packages under a test,
// e2e, testutil or bench directory);
// -loopcapture.audit reports there too. Tests often start one goroutine
// per case and wait for it before the next, or hand it the variable's
// value through a handshake, and a wrong capture there fails the test.
package loopcapture
