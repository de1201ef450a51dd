package leash_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/leash-go/leash"
)

var errTask = errors.New("task failed")

func TestGroupFirstErrorCancelsTheOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := leash.NewGroup(context.Background())
		var sawCause atomic.Value
		g.Go(func(ctx context.Context) error {
			<-ctx.Done()
			sawCause.Store(context.Cause(ctx))
			return ctx.Err()
		})
		synctest.Wait() // the first task is running
		g.Go(func(ctx context.Context) error { return errTask })
		if err := g.Wait(); err != errTask {
			t.Fatalf("Wait() = %v, want %v", err, errTask)
		}
		if got := sawCause.Load(); got != errTask {
			t.Fatalf("the running task saw its context end with cause %v, want %v", got, errTask)
		}
	})
}

func TestGroupGoAfterAnErrorRunsTheTaskWithTheEndedContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := leash.NewGroup(context.Background(), leash.Limit(2))
		g.Go(func(ctx context.Context) error { return errTask })
		synctest.Wait() // the failing task has ended
		var sawCause error
		g.Go(func(ctx context.Context) error { sawCause = context.Cause(ctx); return ctx.Err() })
		tried := false
		if g.TryGo(func(ctx context.Context) error { tried = true; return nil }) {
			t.Error("TryGo reported it started a task after the group failed")
		}
		if err := g.Wait(); err != errTask {
			t.Fatalf("Wait() = %v, want %v", err, errTask)
		}
		if sawCause != errTask {
			t.Fatalf("the task given after the error saw cause %v, want it run with the group's ended context (cause %v)", sawCause, errTask)
		}
		if tried {
			t.Fatal("TryGo ran a task it reported as not started")
		}
	})
}

func TestGroupOnAnEndedContextRunsEveryTask(t *testing.T) {
	cause := errors.New("shutting down")
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(cause)
	for _, opts := range [][]leash.Option{nil, {leash.Limit(1)}} {
		g := leash.NewGroup(ctx, opts...)
		var ran atomic.Int64
		g.Go(func(ctx context.Context) error { ran.Add(1); return nil })
		if err := g.Wait(); err != nil {
			t.Fatalf("Wait() = %v, want nil: every task returned nil, as errgroup reports", err)
		}
		g = leash.NewGroup(ctx, opts...)
		g.Go(func(ctx context.Context) error { ran.Add(1); return nil })
		g.Go(func(ctx context.Context) error { ran.Add(1); return ctx.Err() })
		if err := g.Wait(); err != cause {
			t.Fatalf("Wait() = %v, want the context's cause %v", err, cause)
		}
		if n := ran.Load(); n != 3 {
			t.Fatalf("%d of 3 tasks ran on an ended context, want every one", n)
		}
	}
}

// TestGroupTaskOwningAChannelAlwaysCloses is the shape that is correct with
// errgroup and must not hang with leash: a consumer ranges over a channel
// that a producer task closes on its way out, and a third task fails at
// once. The producer must run even though the group's context has ended by
// the time its goroutine gets to it.
func TestGroupTaskOwningAChannelAlwaysCloses(t *testing.T) {
	errBadConfig := errors.New("bad config")
	// Limit(2) and not 1: with one slot the consumer would hold it for
	// good, with errgroup too.
	for _, opts := range [][]leash.Option{nil, {leash.Limit(3)}, {leash.Limit(2)}, {leash.CollectErrors()}} {
		for range 200 {
			done := make(chan error, 1)
			go func() {
				ch := make(chan int)
				g := leash.NewGroup(context.Background(), opts...)
				g.Go(func(ctx context.Context) error {
					for range ch {
					}
					return nil
				})
				g.Go(func(ctx context.Context) error { return errBadConfig })
				g.Go(func(ctx context.Context) error {
					defer close(ch)
					for i := range 3 {
						select {
						case ch <- i:
						case <-ctx.Done():
							return ctx.Err()
						}
					}
					return nil
				})
				done <- g.Wait()
			}()
			select {
			case err := <-done:
				if !errors.Is(err, errBadConfig) {
					t.Fatalf("Wait() = %v, want %v", err, errBadConfig)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Wait hung: the producer that closes the channel was never run")
			}
		}
	}
}

// TestGroupWorkerPoolUnderADeadline is ExampleGroup's shape under a caller
// deadline that ends at any moment: the producer closes jobs on its way out,
// so the workers always end.
func TestGroupWorkerPoolUnderADeadline(t *testing.T) {
	for i := range 300 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i%30)*time.Microsecond)
		jobs := make(chan int)
		g := leash.NewGroup(ctx)
		g.Go(func(ctx context.Context) error {
			defer close(jobs)
			for j := range 100 {
				if err := leash.Send(ctx, jobs, j); err != nil {
					return err
				}
			}
			return nil
		})
		for range 4 {
			g.Go(func(ctx context.Context) error {
				for range jobs {
				}
				return nil
			})
		}
		waited := make(chan error, 1)
		go func() { waited <- g.Wait() }()
		select {
		case err := <-waited:
			if err != nil && !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Wait() = %v, want nil or the deadline", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Wait hung under a caller deadline")
		}
		cancel()
	}
}

func TestGroupPrefersTheCauseWhenTheContextEndedFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cause := errors.New("client went away")
		ctx, cancel := context.WithCancelCause(context.Background())
		g := leash.NewGroup(ctx)
		g.Go(func(ctx context.Context) error {
			<-ctx.Done()
			return fmt.Errorf("query aborted: %w", ctx.Err())
		})
		synctest.Wait()
		cancel(cause)
		if err := g.Wait(); err != cause {
			t.Fatalf("Wait() = %v, want the cause of the caller's context %v", err, cause)
		}
	})
}

func TestGroupLimitHoldsBackGo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const limit, tasks = 3, 10
		g := leash.NewGroup(context.Background(), leash.Limit(limit))
		var p peak
		release := make(chan struct{})
		var given atomic.Int64
		go func() {
			for range tasks {
				g.Go(func(ctx context.Context) error {
					p.enter()
					defer p.leave()
					<-release
					return nil
				})
				given.Add(1)
			}
		}()
		synctest.Wait()
		if n := p.now.Load(); n != limit {
			t.Fatalf("%d tasks running, want the limit %d", n, limit)
		}
		if n := given.Load(); n != limit {
			t.Fatalf("Go returned %d times while the limit was reached, want %d", n, limit)
		}
		close(release)
		synctest.Wait()
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
		if n := given.Load(); n != tasks {
			t.Fatalf("%d tasks given, want %d", n, tasks)
		}
		if m := p.max.Load(); m != limit {
			t.Fatalf("at most %d tasks ran at once, want %d", m, limit)
		}
	})
}

func TestGroupGoWaitsForASlotEvenAfterTheContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		g := leash.NewGroup(ctx, leash.Limit(1))
		release := make(chan struct{})
		g.Go(func(ctx context.Context) error { <-ctx.Done(); <-release; return nil })
		var p peak
		var sawEnded atomic.Bool
		returned := make(chan struct{})
		go func() {
			g.Go(func(ctx context.Context) error {
				p.enter()
				defer p.leave()
				sawEnded.Store(ctx.Err() != nil)
				return nil
			})
			close(returned)
		}()
		synctest.Wait()
		cancel()
		synctest.Wait()
		select {
		case <-returned:
			t.Fatal("Go returned while the one slot was still taken")
		default:
		}
		close(release)
		<-returned
		if err := g.Wait(); err != nil {
			t.Fatalf("Wait() = %v, want nil: no task returned an error", err)
		}
		if !sawEnded.Load() {
			t.Fatal("the task Go waited for did not run with the ended context")
		}
	})
}

func TestGroupTryGoRefusesOnAnEndedContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g := leash.NewGroup(ctx)
	if g.TryGo(func(ctx context.Context) error { t.Error("TryGo ran a task on an ended context"); return nil }) {
		t.Fatal("TryGo reported it started a task on an ended context")
	}
	if err := g.Wait(); err != nil {
		t.Fatalf("Wait() = %v, want nil: no task ran", err)
	}
}

func TestGroupTryGo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := leash.NewGroup(context.Background(), leash.Limit(1))
		release := make(chan struct{})
		if !g.TryGo(func(ctx context.Context) error { <-release; return nil }) {
			t.Fatal("TryGo on an idle group did not start the task")
		}
		if g.TryGo(func(ctx context.Context) error { return nil }) {
			t.Fatal("TryGo started a task beyond the limit")
		}
		close(release)
		synctest.Wait() // the worker is idle again
		ran := false
		if !g.TryGo(func(ctx context.Context) error { ran = true; return nil }) {
			t.Fatal("TryGo did not start a task once a slot was free")
		}
		if err := g.Wait(); err != nil || !ran {
			t.Fatalf("Wait() = %v, ran = %v", err, ran)
		}
	})
}

func TestGroupTryGoWithoutLimitAlwaysStarts(t *testing.T) {
	g := leash.NewGroup(context.Background())
	var n atomic.Int64
	for range 100 {
		if !g.TryGo(func(ctx context.Context) error { n.Add(1); return nil }) {
			t.Fatal("TryGo without a limit did not start a task")
		}
	}
	if err := g.Wait(); err != nil || n.Load() != 100 {
		t.Fatalf("Wait() = %v after %d tasks, want nil after 100", err, n.Load())
	}
}

func panickingTask(ctx context.Context) error {
	panic(errTask)
}

func TestGroupPanicIsRaisedInWaitAfterTheOthersEnd(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := leash.NewGroup(context.Background())
		var otherEnded atomic.Bool
		g.Go(func(ctx context.Context) error {
			<-ctx.Done()
			otherEnded.Store(true)
			return nil
		})
		synctest.Wait()
		g.Go(panickingTask)
		v := mustPanic(t, func() { g.Wait() })
		pe, ok := v.(*leash.PanicError)
		if !ok {
			t.Fatalf("Wait panicked with %T %v, want *leash.PanicError", v, v)
		}
		if pe.Value != errTask || !errors.Is(pe, errTask) {
			t.Fatalf("PanicError.Value = %v, want %v, unwrapping to it", pe.Value, errTask)
		}
		if !strings.Contains(string(pe.Stack), "leash_test.panickingTask") {
			t.Fatalf("the stack does not show where the panic happened:\n%s", pe.Stack)
		}
		if !otherEnded.Load() {
			t.Fatal("Wait panicked before the other task had ended")
		}
		// The panic is not lost by a second Wait either.
		if _, ok := mustPanic(t, func() { g.Wait() }).(*leash.PanicError); !ok {
			t.Fatal("a second Wait did not panic again")
		}
	})
}

func TestGroupPanicInAWorkerKeepsTheWorkerGoing(t *testing.T) {
	g := leash.NewGroup(context.Background(), leash.Limit(1), leash.CollectErrors())
	g.Go(panickingTask)
	mustPanic(t, func() { g.Wait() })
}

func TestGroupCollectErrorsRunsEverythingAndJoinsInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 10
		g := leash.NewGroup(context.Background(), leash.CollectErrors(), leash.Limit(4))
		var ran atomic.Int64
		var want []error
		turn := make([]chan struct{}, n+1)
		for i := range turn {
			turn[i] = make(chan struct{})
		}
		go func() {
			for i := n - 1; i >= 0; i-- { // finish in reverse order
				close(turn[i])
				synctest.Wait()
			}
		}()
		for i := range n {
			var err error
			if i%2 == 1 {
				err = fmt.Errorf("item %d: %w", i, errTask)
				want = append(want, err)
			}
			g.Go(func(ctx context.Context) error {
				<-turn[i]
				ran.Add(1)
				return err
			})
		}
		err := g.Wait()
		if ran.Load() != n {
			t.Fatalf("%d tasks ran, want all %d", ran.Load(), n)
		}
		joined, ok := err.(interface{ Unwrap() []error })
		if !ok {
			t.Fatalf("Wait() = %v, want errors.Join of every error", err)
		}
		if got := joined.Unwrap(); !slices.Equal(got, want) {
			t.Fatalf("joined errors = %v, want %v in the order the tasks were given", got, want)
		}
	})
}

func TestGroupGoFromATask(t *testing.T) {
	g := leash.NewGroup(context.Background(), leash.Limit(2))
	var inner atomic.Bool
	g.Go(func(ctx context.Context) error {
		g.Go(func(ctx context.Context) error { inner.Store(true); return nil })
		return nil
	})
	if err := g.Wait(); err != nil || !inner.Load() {
		t.Fatalf("Wait() = %v, inner task ran = %v", err, inner.Load())
	}
}

func TestGroupContextEndsWhenWaitReturns(t *testing.T) {
	g := leash.NewGroup(context.Background())
	var taskCtx context.Context
	g.Go(func(ctx context.Context) error { taskCtx = ctx; return nil })
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	if taskCtx.Err() == nil {
		t.Fatal("the group's context is still live after Wait")
	}
	if cause := context.Cause(taskCtx); !strings.Contains(fmt.Sprint(cause), "returned") {
		t.Fatalf("cause = %v, want one that says the call returned", cause)
	}
}

func TestGroupNothingOutlivesWait(t *testing.T) {
	for _, opts := range [][]leash.Option{nil, {leash.Limit(1)}, {leash.Limit(8)}, {leash.Limit(8), leash.CollectErrors()}} {
		noneOutlive(t, func() {
			g := leash.NewGroup(context.Background(), opts...)
			for i := range 200 {
				g.Go(func(ctx context.Context) error {
					if i%50 == 49 {
						return errTask
					}
					runtime.Gosched()
					return nil
				})
			}
			g.Wait()
		})
	}
}

func TestGroupWithLimitReusesItsGoroutines(t *testing.T) {
	const limit = 2
	before := runtime.NumGoroutine()
	g := leash.NewGroup(context.Background(), leash.Limit(limit))
	var most peak
	for range 1000 {
		g.Go(func(ctx context.Context) error {
			most.record(int64(runtime.NumGoroutine() - before))
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	if m := most.max.Load(); m > limit {
		t.Fatalf("the group ran %d goroutines at once, want at most the limit %d", m, limit)
	}
}

func TestGroupTaskCallingGoexitStopsTheGroup(t *testing.T) {
	g := leash.NewGroup(context.Background(), leash.Limit(1))
	g.Go(func(ctx context.Context) error { runtime.Goexit(); return nil })
	err := g.Wait()
	if err == nil || !strings.Contains(err.Error(), "Goexit") {
		t.Fatalf("Wait() = %v, want an error naming runtime.Goexit", err)
	}
}

func TestGroupMisuse(t *testing.T) {
	ctx := context.Background()
	mustPanicWith(t, "nil task", func() { leash.NewGroup(ctx).Go(nil) })
	mustPanicWith(t, "nil task", func() { leash.NewGroup(ctx).TryGo(nil) })
	mustPanicWith(t, "after Wait", func() {
		g := leash.NewGroup(ctx)
		g.Wait()
		g.Go(func(ctx context.Context) error { return nil })
	})
	mustPanicWith(t, "NewGroup", func() {
		var g leash.Group
		g.Go(func(ctx context.Context) error { return nil })
	})
	mustPanicWith(t, "NewGroup", func() {
		var g leash.Group
		g.Wait()
	})
	mustPanicWith(t, "nil Context", func() { leash.NewGroup(nil) })
}
