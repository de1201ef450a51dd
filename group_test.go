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

func TestGroupGoAfterAnErrorDoesNotStartTheTask(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := leash.NewGroup(context.Background(), leash.Limit(2))
		g.Go(func(ctx context.Context) error { return errTask })
		synctest.Wait() // the failing task has ended
		started := false
		g.Go(func(ctx context.Context) error { started = true; return nil })
		if g.TryGo(func(ctx context.Context) error { started = true; return nil }) {
			t.Error("TryGo reported it started a task after the group failed")
		}
		if err := g.Wait(); err != errTask {
			t.Fatalf("Wait() = %v, want %v", err, errTask)
		}
		if started {
			t.Fatal("a task given after the first error was started")
		}
	})
}

func TestGroupOnAnEndedContextReportsItsCause(t *testing.T) {
	cause := errors.New("shutting down")
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(cause)
	g := leash.NewGroup(ctx)
	started := false
	g.Go(func(ctx context.Context) error { started = true; return nil })
	if err := g.Wait(); err != cause {
		t.Fatalf("Wait() = %v, want the context's cause %v", err, cause)
	}
	if started {
		t.Fatal("Go started a task on an ended context")
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

func TestGroupGoWaitingForASlotGivesUpWhenTheContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		g := leash.NewGroup(ctx, leash.Limit(1))
		g.Go(func(ctx context.Context) error { <-ctx.Done(); return nil })
		started := false
		returned := make(chan struct{})
		go func() {
			g.Go(func(ctx context.Context) error { started = true; return nil })
			close(returned)
		}()
		synctest.Wait()
		select {
		case <-returned:
			t.Fatal("Go did not wait for a free slot")
		default:
		}
		cancel()
		<-returned
		if err := g.Wait(); err != context.Canceled {
			t.Fatalf("Wait() = %v, want %v", err, context.Canceled)
		}
		if started {
			t.Fatal("the task Go waited for was started after the context ended")
		}
	})
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
