// Package groupctx defines an Analyzer that reports group tasks that do not
// use their group's context, and a group's context used after Wait.
//
// # Analyzer groupctx
//
// groupctx: report group tasks using the parent context instead of the
// group's
//
// errgroup.WithContext(ctx) returns a group and a new context that is
// cancelled as soon as one task fails. That cancellation is the reason to use
// it: when one of three calls fails, the other two stop at once instead of
// running to completion for a result nobody will read. It only works if the
// tasks use the group's context:
//
//	g, gctx := errgroup.WithContext(ctx)
//	g.Go(func() error {
//		return fetch(ctx, u) // the parent: not cancelled when a sibling fails
//	})
//
// Nothing fails in tests; in production a failing dependency leaves the
// other tasks running, holding connections and goroutines until their own
// timeouts. The check reports:
//
//   - a task of a leash.Group, leash.Map, ForEach, MapSeq, ForEachSeq or a
//     conc context pool that uses the caller's context instead of the
//     context it receives as its parameter: it was handed the right
//     context and took another;
//   - with -groupctx.audit, a task of an errgroup made by WithContext that
//     uses the context WithContext was given (or a context that one was
//     derived from) instead of the group's. This is an audit rule: whether
//     it matters depends on how long the call runs once a sibling has
//     failed, which the code does not show. On real code the check had not
//     seen, such uses were nearly all a short call (a key created, a file
//     written), a context read only for a log line, or a group whose
//     failure is handled otherwise; one in about thirty was worth a
//     change;
//   - the group's context used after Wait: errgroup cancels it when Wait
//     returns, so later work that receives it fails at once with
//     context.Canceled. Reading it with Err, Value, Deadline or
//     context.Cause is fine. Its Done channel is reported too, in a select
//     as anywhere: after Wait it is always closed, so select { case
//     <-ctx.Done(): return; case errc <- err: } is a coin toss that drops
//     the error half the time, however the parent fares. To ask whether
//     the caller cancelled, select on the parent's Done. (A branch that
//     cannot run — if err != nil after a Wait whose tasks all return nil —
//     is not recognised: the use is reported all the same.)
//
// A use is reported only where the code shows that the context's
// cancellation changes what it does: the context is the receiver of Done
// or Err, or is handed to the standard library's I/O
// (http.NewRequestWithContext, sql.DB.QueryContext, exec.CommandContext,
// net.Dialer.DialContext, …), to a function of the package that does one
// of these, or to a function of another package whose summary, exported as
// a fact, says it does (a context derived from it, with context.WithTimeout
// and the like, counts through its own uses). A context only read for a
// value (ctx.Value, a logger lookup, slog), stored for later, or handed to
// a function value or to a dependency whose code the analysis did not see
// (by default, packages outside the main modules: see leash -facts) is left
// alone: what cancelling it does there is out of sight. On real code, the
// group's context after Wait went, far more often than not, to an
// in-memory lookup or a value read, which a cancelled context does not
// change: a use that reaches I/O fails every time the code runs, and
// rarely survives to review.
//
// Not reported: the shadowing form g, ctx := errgroup.WithContext(ctx),
// whose tasks cannot see the parent, as long as ctx is not used after Wait;
// contexts passed through context.WithoutCancel, which detaches work from
// cancellation on purpose; and the parent used inside a select case that
// receives from a Done channel: the task is stopping, and its shutdown
// needs a context the group's, cancelled by then, cannot be — a deadline
// for Shutdown(ctx), say. Likewise the parent used in a branch that ends
// by returning an error from the task, before that return: the task is
// failing, its own error is about to cancel the group's context, and a
// log line or a cleanup on its way out needs a context that outlives it.
// Nor is the parent asked once, outside any loop, whether it was cancelled
// (ctx.Err(), or a function of the package that does nothing else with
// it) by a task that does its work with the group's context: telling the
// caller's cancel from a sibling's failure is what the parent is for
// there. Asked in a loop, it is reported: a retry loop that asks the
// parent whether to go on keeps retrying after a sibling failed. Nor is
// any use in the tasks of an errgroup whose every task, each a function
// literal, returns nil on every path: no task can fail, so the group's
// context is cancelled only once Wait returns, and the parent serves as
// well — the tasks record their failures themselves (to retry them after
// Wait, say) and mean the others to go on.
//
// In test code (_test.go files, helpers that import testing, mocks and fakes (mock_store.go,
// fakeclock.go), and packages under a test,
// e2e, testutil or bench directory) a task
// using the parent context is left alone, as every check leaves test code
// to its audit rules: the group's cancellation matters only once a task
// has failed, which fails the test, and what keeps running then ends with
// the test's timeout. (On real code the check had not seen, such findings
// were all of this kind.)
//
// # Audit rules
//
// With -groupctx.audit it also reports an errgroup task using the parent
// context (above), the group's context discarded,
// g, _ := errgroup.WithContext(ctx): a matter of style when the tasks take
// no context, or must not be cancelled; and its findings in test code.
//
// Suggested fixes replace the parent context with the group's (or, after
// Wait, the group's context with the parent) when that name is in scope,
// and name a task's unnamed context parameter.
package groupctx
