// Package leash runs concurrent work with the safe choice as the default:
// every task gets a context, the first error cancels the rest, the fan-out
// is bounded, nothing outlives the call, and a panic is never lost.
//
// Most incidents in concurrent Go come from three mistakes: goroutines that
// leak, work that ignores cancellation, and fan-out without a bound. The
// usual tools leave each to the programmer — errgroup.Group.Go takes a
// func() error, so the context is whatever the closure captured; a loop of
// g.Go starts a goroutine per item unless SetLimit was called; a panic in a
// task kills the process. leash makes each of these impossible to forget.
//
// # The patterns
//
// Several calls side by side, the first error cancelling the others (the
// errgroup "dashboard"):
//
//	g := leash.NewGroup(ctx)
//	g.Go(func(ctx context.Context) (err error) { profile, err = profileService.Get(ctx, userID); return err })
//	g.Go(func(ctx context.Context) (err error) { orders, err = orderService.List(ctx, userID); return err })
//	g.Go(func(ctx context.Context) (err error) { notes, err = notifyService.List(ctx, userID); return err })
//	if err := g.Wait(); err != nil {
//		return nil, err
//	}
//
// A bounded worker pool over a slice — the producer, the jobs channel, the
// sixteen workers and their select on ctx.Done() of the hand-written version
// become one call, with at most 16 goroutines whatever the number of URLs:
//
//	err := leash.ForEach(ctx, urls, processOne, leash.Limit(16))
//
// Fan-out with results in input order (the playbook's FetchAll and
// ParallelMap, slot per index and semaphore included):
//
//	items, err := leash.Map(ctx, ids, fetchOne, leash.Limit(8))
//
// The same over a sequence that does not fit in memory or never ends, with a
// bounded number of items in flight and results in order:
//
//	for item, err := range leash.MapSeq(ctx, rows, transform, leash.Limit(8)) { … }
//
// A send that cannot leak when the receiver has gone (pitfall 1):
//
//	if err := leash.Send(ctx, results, r); err != nil { return err }
//
// Lazy initialisation that can fail and honours a context, where
// sync.OnceValue would keep the first error forever:
//
//	var client = leash.NewLazy(func(ctx context.Context) (*Client, error) { return Dial(ctx, addr) })
//	c, err := client.Get(ctx)
//
// For lazy values that cannot fail, sync.OnceValue remains the right tool.
//
// # The other pitfalls
//
// Loop variables: Map, ForEach and their Seq forms hand each element to fn
// as an argument, so no closure captures a loop variable, whatever the
// module's Go version. WaitGroup misuse: a Group has no Add to misplace;
// counting happens inside Go, before the goroutine starts. Unbounded
// buffers: MapSeq and ForEachSeq hold at most 8×Limit items and slow the
// input down when the workers fall behind (backpressure), so no channel
// needs a large buffer.
//
// # The checklist
//
// Does every long-lived goroutine respect context cancellation? Every task
// is handed the context it must honour, cancelled on the first error, when
// the caller's context ends and when the call returns. Is fan-out bounded?
// Map, ForEach, MapSeq and ForEachSeq are bounded by construction (Limit,
// default GOMAXPROCS); a Group is bounded by Limit, and Go then blocks for a
// free slot. Are there unguarded sends? Use Send and Recv. Are errors
// returned, not swallowed? Tasks return errors, and Wait, Map and the rest
// return them: the first one, or all of them with CollectErrors. Will the
// code degrade gracefully under load? Bounded fan-out and backpressure keep
// the number of goroutines and of items held at the limit, whatever the
// input.
//
// # Rules every entry point keeps
//
// The first error (in time) is returned and the rest stop: running tasks see
// their context cancelled with that error as its cause. Map, ForEach,
// MapSeq and ForEachSeq never pass an item to fn after the first error (or
// once the caller's context has ended; they then report
// context.Cause(ctx)), so items that own resources — an open file, a
// connection — and were not started are the caller's to release. A Group,
// as errgroup does, runs every task given to Go, exactly once, with the
// group's context, already cancelled if a task failed or the caller's
// context ended: a task's deferred cleanup (closing a channel it owns) always
// runs, so code that is correct with errgroup cannot hang with leash; a loop
// feeding a Group stops by checking its context or TryGo's result. When a
// call returns — Wait, Map, ForEach, ForEachSeq, or the range over MapSeq,
// even by break — every goroutine it started has ended and the input
// sequence has been stopped. A panic in a task cancels the others and is
// raised again in the caller's goroutine as a *PanicError holding the value
// and the stack of the goroutine that panicked.
package leash
