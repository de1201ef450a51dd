package blockingsend

import "context"

// A transaction whose watcher waits for its context, and whose rollback,
// the only place that cancels it, nothing calls.
type lostTx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func beginLost(ctx context.Context) *lostTx {
	ctx, cancel := context.WithCancel(ctx)
	tx := &lostTx{ctx: ctx, cancel: cancel}
	go tx.awaitDone()
	return tx
}

func (tx *lostTx) awaitDone() {
	<-tx.ctx.Done() // want `receive from tx.ctx.Done\(\) blocks forever: the context comes from context.WithCancel \(line \d+\) of a context nothing ends, and its cancel is called only in code that never runs \(close: only code that never runs calls it\)`
}

func (tx *lostTx) rollback() { tx.close() }

func (tx *lostTx) close() { tx.cancel() }

func StartLostTx() { beginLost(context.Background()) }

// A watcher that cancels its own context once it is done: the cancel
// comes only after the wait it would end.
type selfCancelRows struct{ cancel context.CancelFunc }

func (rs *selfCancelRows) watch(ctx context.Context) {
	ctx, rs.cancel = context.WithCancel(ctx)
	go rs.awaitDone(ctx)
}

func (rs *selfCancelRows) awaitDone(ctx context.Context) {
	<-ctx.Done() // want `receive from ctx.Done\(\) blocks forever: .* its cancel is called only after this wait \(in close, which runs only then\)`
	rs.close()
}

func (rs *selfCancelRows) close() { rs.cancel() }

func StartSelfCancel() { (&selfCancelRows{}).watch(context.Background()) }

// Fine: the transaction's Rollback is exported, for callers out of sight.
type openTx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func beginOpen(ctx context.Context) *openTx {
	ctx, cancel := context.WithCancel(ctx)
	tx := &openTx{ctx: ctx, cancel: cancel}
	go tx.awaitDone()
	return tx
}

func (tx *openTx) awaitDone() { <-tx.ctx.Done() }

func (tx *openTx) Rollback() { tx.cancel() }

func StartOpenTx() { beginOpen(context.Background()) }

// Fine: the cancel is deferred where the context is made.
func WatchUntilReturn(work func()) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-ctx.Done() }()
	work()
}

// Fine: the parent is the caller's, which may end.
type parentTx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func BeginWith(ctx context.Context) *parentTx {
	ctx, cancel := context.WithCancel(ctx)
	tx := &parentTx{ctx: ctx, cancel: cancel}
	go tx.awaitDone()
	return tx
}

func (tx *parentTx) awaitDone() { <-tx.ctx.Done() }

func (tx *parentTx) close() { tx.cancel() }

// Fine: the close runs in the goroutine the package starts for it.
type closedLaterTx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func BeginClosedLater() {
	ctx, cancel := context.WithCancel(context.Background())
	tx := &closedLaterTx{ctx: ctx, cancel: cancel}
	go tx.awaitDone()
	go tx.close()
}

func (tx *closedLaterTx) awaitDone() { <-tx.ctx.Done() }

func (tx *closedLaterTx) close() { tx.cancel() }

// Fine: the wait itself never runs: nothing calls the function that
// starts it.
type unusedTx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func beginUnused() {
	ctx, cancel := context.WithCancel(context.Background())
	tx := &unusedTx{ctx: ctx, cancel: cancel}
	go tx.awaitDone()
}

func (tx *unusedTx) awaitDone() { <-tx.ctx.Done() }

func (tx *unusedTx) close() { tx.cancel() }
