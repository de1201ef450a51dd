// Package concur recognises the concurrency vocabulary that leash's checks
// reason about: goroutines and the group APIs that start them (errgroup,
// leash, sourcegraph/conc, sync.WaitGroup), the calls that bound, wait for
// and cancel them (SetLimit, Limit, semaphores, Wait, context.Context), and
// the function each goroutine runs.
//
// Every check asks the same questions — "does this call start a goroutine?",
// "which function body runs there?", "which context could it honour?" — so
// the answers live here, once, and every check agrees on them.
package concur
