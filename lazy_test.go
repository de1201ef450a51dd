package leash_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/leash-go/leash"
)

func TestLazySharesOneInitAmongConcurrentCallers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int64
		gate := make(chan struct{})
		l := leash.NewLazy(func(ctx context.Context) (string, error) {
			calls.Add(1)
			<-gate
			return "client", nil
		})
		results := make(chan string, 10)
		for range 10 {
			go func() {
				v, err := l.Get(context.Background())
				if err != nil {
					t.Error(err)
				}
				results <- v
			}()
		}
		synctest.Wait()
		close(gate)
		for range 10 {
			if v := <-results; v != "client" {
				t.Fatalf("Get() = %q", v)
			}
		}
		if v, _ := l.Get(context.Background()); v != "client" || calls.Load() != 1 {
			t.Fatalf("init ran %d times, want once and kept", calls.Load())
		}
	})
}

func TestLazyDoesNotKeepAnError(t *testing.T) {
	var calls int
	l := leash.NewLazy(func(ctx context.Context) (int, error) {
		calls++
		if calls == 1 {
			return 0, errTask
		}
		return 42, nil
	})
	if _, err := l.Get(context.Background()); err != errTask {
		t.Fatalf("first Get() error = %v, want %v", err, errTask)
	}
	if v, err := l.Get(context.Background()); v != 42 || err != nil {
		t.Fatalf("second Get() = %v, %v; want a retry that succeeds", v, err)
	}
	l.Get(context.Background())
	if calls != 2 {
		t.Fatalf("init ran %d times, want 2", calls)
	}
}

func TestLazyWaiterLeavesWhenItsContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gate := make(chan struct{})
		l := leash.NewLazy(func(ctx context.Context) (int, error) { <-gate; return 1, nil })
		go l.Get(context.Background())
		synctest.Wait() // init is under way
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error)
		go func() {
			_, err := l.Get(ctx)
			errc <- err
		}()
		synctest.Wait()
		cancel()
		if err := <-errc; err != context.Canceled {
			t.Fatalf("Get() = %v, want %v while init still runs", err, context.Canceled)
		}
		close(gate)
	})
}

func TestLazyWaitersRetryWhenTheInitCallerGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int64
		l := leash.NewLazy(func(ctx context.Context) (int, error) {
			if calls.Add(1) == 1 {
				<-ctx.Done() // the first caller's context ends mid-init
				return 0, ctx.Err()
			}
			return 7, nil
		})
		first, cancel := context.WithCancel(context.Background())
		go l.Get(first)
		synctest.Wait()
		got := make(chan int)
		go func() {
			v, err := l.Get(context.Background())
			if err != nil {
				t.Errorf("waiter got %v: the first caller's cancellation is not its error", err)
			}
			got <- v
		}()
		synctest.Wait()
		cancel()
		if v := <-got; v != 7 || calls.Load() != 2 {
			t.Fatalf("waiter got %d after %d calls of init, want 7 after 2", v, calls.Load())
		}
	})
}

func TestLazyPanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gate := make(chan struct{})
		var calls atomic.Int64
		l := leash.NewLazy(func(ctx context.Context) (int, error) {
			if calls.Add(1) == 1 {
				<-gate
				panic("dial failed")
			}
			return 3, nil
		})
		panicked := make(chan any)
		go func() {
			defer func() { panicked <- recover() }()
			l.Get(context.Background())
		}()
		synctest.Wait()
		errc := make(chan error)
		go func() {
			_, err := l.Get(context.Background())
			errc <- err
		}()
		synctest.Wait()
		close(gate)
		if v := <-panicked; v != "dial failed" {
			t.Fatalf("the caller running init panicked with %v, want init's own panic", v)
		}
		var pe *leash.PanicError
		if err := <-errc; !errors.As(err, &pe) || pe.Value != "dial failed" {
			t.Fatalf("waiter got %v, want a *PanicError", err)
		}
		if v, err := l.Get(context.Background()); v != 3 || err != nil {
			t.Fatalf("Get() after the panic = %v, %v; want a retry", v, err)
		}
	})
}

func TestLazyMisuse(t *testing.T) {
	mustPanicWith(t, "nil init", func() { leash.NewLazy[int](nil) })
	mustPanicWith(t, "NewLazy", func() {
		var l leash.Lazy[int]
		l.Get(context.Background())
	})
}
