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
// In a goroutine — a go statement's function, a group task (errgroup,
// leash, sync.WaitGroup.Go, conc) — that has a context or a done channel
// in scope (a parameter, a captured variable, a field of its receiver):
//
//   - a loop with no way out (for {} without return or break), and a
//     polling loop — time.Sleep, a ticker, a timer — that never checks the
//     context or done channel: nothing but the end of the process stops it;
//   - context.Background() or context.TODO() in place of the context at
//     hand: the work started with it cannot be cancelled. The suggested fix
//     uses the context instead;
//   - a call of a function that has a variant taking a context: http.Get
//     and friends, net.Dial, exec.Command, sql's Begin, and generally a
//     method or function X next to an XContext(ctx, ...). The call cannot be
//     cancelled and lasts as long as the network or the database decides.
//     Where the variant has the same arguments plus the context (Query,
//     Exec, CommandContext, ...), the suggested fix calls it.
//
// # What it leaves alone
//
// A loop that selects on ctx.Done() or the done channel, or returns when a
// call given the context fails; a loop over a channel (it ends when the
// channel is closed); an accept-style loop that returns on error;
// context.WithoutCancel(ctx), which detaches on purpose; a fresh context
// made after the goroutine has seen its own end (cleanup and shutdown with a
// new deadline); goroutines with nothing at hand to stop them — this check
// is about ignoring the means of cancellation, not about lacking them.
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
