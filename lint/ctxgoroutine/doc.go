// Package ctxgoroutine defines an Analyzer that reports goroutines that
// cannot be stopped although a context or done channel is at hand.
//
// # Analyzer ctxgoroutine
//
// ctxgoroutine: report goroutines that cannot be stopped although a
// context or done channel is at hand
//
// A goroutine that does not listen for cancellation outlives the request,
// the test or the component that started it. Each one holds its stack,
// whatever it references, and often a connection; under load they pile up
// until the service runs out of memory or connections, or keeps hammering a
// dependency on behalf of callers that left long ago:
//
//	go func() {
//		for range ticker.C { // runs until the process exits
//			refresh(ctx)
//		}
//	}()
//
// # What it reports
//
// Nothing by default: every rule below is an audit rule, run with
// -ctxgoroutine.audit (or -audit). The check once reported the first two
// by default; on the held-out repositories of lint/EVALUATION.md, code it
// had never been refined on, none of the thirteen findings it made there
// was a leak that mattered: the calls were a local dial, a bind, a short unpack
// or a request already bounded by a timeout, and the endless goroutines
// were started once and lived as long as the process. Whether a call
// blocks for long, or a goroutine is started once per request rather than
// once per process, the code in sight does not say. leashtest and
// leakwatch see such leaks when they happen.
//
// With the audit rules, in a goroutine — a go statement's function, a
// group task (errgroup, leash, sync.WaitGroup.Go, conc) — that has a
// context or a done channel in scope (a parameter, a captured variable, a
// field of its receiver) that a caller can cancel, it reports:
//
//   - a call of the standard library that blocks on the network, a
//     database or a process, and has a variant that takes the context:
//     http.Get and friends, net.Dial, exec.Command, sql's Begin, tls.Dial.
//     The call cannot be cancelled and lasts as long as the network or the
//     database decides. Where the variant has the same arguments plus the
//     context (exec.CommandContext), the suggested fix calls it;
//   - a call of a method or function X next to an XContext(ctx, ...): X
//     need not block (signal.Notify has a NotifyContext);
//   - a loop with no way out, or a polling loop — time.Sleep, a ticker, a
//     timer — that never checks the context or the done channel;
//   - context.Background() or context.TODO() in place of the context at
//     hand: the work started with it cannot be cancelled. Often meant: a
//     logger lookup, cleanup that must outlive the caller, a finite joined
//     goroutine. context.WithoutCancel(ctx), a fresh context after the
//     goroutine has seen its own end and one given its own deadline are
//     left alone. The suggested fix uses the context instead.
//
// # What it leaves alone
//
// A context at hand that is context.Background() itself, or derived from
// it (nothing can cancel it); a loop that selects on ctx.Done() or the done
// channel, or returns when a call given the context fails; a loop over a
// channel (it ends when the channel is closed); goroutines with nothing at
// hand to stop them — this check is about ignoring the means of
// cancellation, not about lacking them. The leash command, which sees
// every package of the program, also drops the polling loop whose one
// means of stopping is its starter's context parameter when every call of
// the starter, through every caller (blockingsend works the calls out),
// hands it a context nothing ends — context.Background(), or one derived
// from it with no deadline: such a context ends, if ever, only as the
// program does, so a loop that ignored it runs no longer than one that
// watched it. go vet and golangci-lint, which see one package at a time,
// report it.
//
// # Fixing it
//
// Make every long-lived loop watch the context:
//
//	for {
//		select {
//		case <-ticker.C:
//			refresh(ctx)
//		case <-ctx.Done():
//			return
//		}
//	}
//
// pass the context down instead of context.Background(), and prefer the
// context-taking variant of every blocking call.
package ctxgoroutine
