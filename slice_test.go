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

func count(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func TestMapKeepsTheOrderOfTheInput(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000, 10_000} {
		in := count(n)
		out, err := leash.Map(context.Background(), in, func(ctx context.Context, v int) (string, error) {
			if v%7 == 0 {
				runtime.Gosched() // vary the finishing order
			}
			return fmt.Sprint(v), nil
		}, leash.Limit(4))
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != n {
			t.Fatalf("len = %d, want %d", len(out), n)
		}
		for i, s := range out {
			if s != fmt.Sprint(i) {
				t.Fatalf("out[%d] = %q, want %q", i, s, fmt.Sprint(i))
			}
		}
	}
}

func TestForEachRunsEveryElementOnce(t *testing.T) {
	seen := make([]atomic.Int32, 5000)
	err := leash.ForEach(context.Background(), count(len(seen)), func(ctx context.Context, v int) error {
		seen[v].Add(1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range seen {
		if n := seen[i].Load(); n != 1 {
			t.Fatalf("element %d ran %d times", i, n)
		}
	}
}

func TestMapNeverRunsMoreThanTheLimit(t *testing.T) {
	checkLimit(t, 3, 50, func(task func()) {
		leash.ForEach(context.Background(), count(50), func(ctx context.Context, v int) error {
			task()
			return nil
		}, leash.Limit(3))
	})
}

func TestMapDefaultsToGOMAXPROCS(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		want := runtime.GOMAXPROCS(0)
		var p peak
		gate := make(chan struct{})
		go leash.ForEach(context.Background(), count(4*want), func(ctx context.Context, v int) error {
			p.enter()
			defer p.leave()
			<-gate
			return nil
		})
		synctest.Wait()
		if n := p.now.Load(); n != int64(want) {
			t.Fatalf("%d tasks running, want GOMAXPROCS = %d", n, want)
		}
		close(gate)
	})
}

func TestMapStartsAtMostLimitGoroutines(t *testing.T) {
	const limit = 4
	before := runtime.NumGoroutine()
	var most peak
	leash.ForEach(context.Background(), count(100_000), func(ctx context.Context, v int) error {
		if v%1000 == 0 {
			most.record(int64(runtime.NumGoroutine() - before))
		}
		return nil
	}, leash.Limit(limit))
	// The caller's goroutine is one of the workers.
	if m := most.max.Load(); m > limit-1 {
		t.Fatalf("%d goroutines started, want at most %d for a limit of %d", m, limit-1, limit)
	}
}

func TestMapFirstErrorStopsTheRest(t *testing.T) {
	var started atomic.Int64
	out, err := leash.Map(context.Background(), count(10_000), func(ctx context.Context, v int) (int, error) {
		started.Add(1)
		if v == 10 {
			return 0, errTask
		}
		return v, nil
	}, leash.Limit(1))
	if err != errTask || out != nil {
		t.Fatalf("Map() = %v, %v; want nil, %v", out, err, errTask)
	}
	if n := started.Load(); n != 11 {
		t.Fatalf("%d elements started with a limit of 1, want 11: none after the error", n)
	}
}

func TestMapErrorCancelsTheRunningTasks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var cancelled atomic.Int64
		_, err := leash.Map(context.Background(), count(4), func(ctx context.Context, v int) (int, error) {
			if v == 0 {
				synctest.Wait() // the others are waiting on ctx
				return 0, errTask
			}
			<-ctx.Done()
			if context.Cause(ctx) == errTask {
				cancelled.Add(1)
			}
			return 0, ctx.Err()
		}, leash.Limit(4))
		if err != errTask {
			t.Fatalf("err = %v, want %v", err, errTask)
		}
		if n := cancelled.Load(); n != 3 {
			t.Fatalf("%d running tasks saw the error as their context's cause, want 3", n)
		}
	})
}

func TestMapCollectErrors(t *testing.T) {
	var want []error
	for i := range 100 {
		if i%10 == 3 {
			want = append(want, fmt.Errorf("item %d", i))
		}
	}
	out, err := leash.Map(context.Background(), count(100), func(ctx context.Context, v int) (int, error) {
		if v%10 == 3 {
			return -v, fmt.Errorf("item %d", v)
		}
		return v, nil
	}, leash.CollectErrors(), leash.Limit(3))
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("err = %v, want errors.Join of every error", err)
	}
	got := joined.Unwrap()
	if !slices.EqualFunc(got, want, func(a, b error) bool { return a.Error() == b.Error() }) {
		t.Fatalf("errors = %v, want %v in input order", got, want)
	}
	for i, v := range out {
		if (i%10 == 3 && v != -i) || (i%10 != 3 && v != i) {
			t.Fatalf("out[%d] = %d: the results of every element must be kept", i, v)
		}
	}
}

func TestMapReturnsTheCauseWhenTheContextEnds(t *testing.T) {
	cause := errors.New("deadline of the request")
	ctx, cancel := context.WithCancelCause(context.Background())
	var started atomic.Int64
	err := leash.ForEach(ctx, count(1000), func(ctx context.Context, v int) error {
		if started.Add(1) == 5 {
			cancel(cause)
		}
		return nil
	}, leash.Limit(1))
	if err != cause {
		t.Fatalf("err = %v, want the context's cause %v", err, cause)
	}
	if n := started.Load(); n != 5 {
		t.Fatalf("%d elements started, want none after the context ended (5)", n)
	}
	// On a context that has already ended nothing starts.
	started.Store(0)
	if err := leash.ForEach(ctx, count(10), func(ctx context.Context, v int) error { started.Add(1); return nil }); err != cause || started.Load() != 0 {
		t.Fatalf("err = %v after %d elements, want %v after none", err, started.Load(), cause)
	}
}

func TestMapPanic(t *testing.T) {
	for _, limit := range []int{1, 4} {
		v := mustPanic(t, func() {
			leash.ForEach(context.Background(), count(100), func(ctx context.Context, v int) error {
				if v == 42 {
					panicHere(v)
				}
				return nil
			}, leash.Limit(limit))
		})
		pe, ok := v.(*leash.PanicError)
		if !ok || pe.Value != 42 || !strings.Contains(string(pe.Stack), "leash_test.panicHere") {
			t.Fatalf("limit %d: panic = %#v, want a *PanicError with the value and the stack of panicHere", limit, v)
		}
	}
}

func panicHere(v any) { panic(v) }

func TestMapNothingOutlivesTheCall(t *testing.T) {
	for _, limit := range []int{1, 2, 16} {
		noneOutlive(t, func() {
			leash.Map(context.Background(), count(1000), func(ctx context.Context, v int) (int, error) { return v, nil }, leash.Limit(limit))
		})
		noneOutlive(t, func() {
			leash.ForEach(context.Background(), count(1000), func(ctx context.Context, v int) error {
				if v == 500 {
					return errTask
				}
				return nil
			}, leash.Limit(limit))
		})
		noneOutlive(t, func() {
			mustPanic(t, func() {
				leash.ForEach(context.Background(), count(1000), func(ctx context.Context, v int) error {
					if v == 500 {
						panic(v)
					}
					return nil
				}, leash.Limit(limit))
			})
		})
	}
}

func TestMapGoexitInTheCallerWaitsForTheWorkers(t *testing.T) {
	// t.FailNow inside an element run by the caller's goroutine ends the
	// test's goroutine; the workers must still have ended by then.
	before := runtime.NumGoroutine()
	done := make(chan struct{})
	go func() {
		defer close(done)
		leash.ForEach(context.Background(), count(100), func(ctx context.Context, v int) error {
			runtime.Goexit()
			return nil
		}, leash.Limit(4))
	}()
	<-done
	if after := runtime.NumGoroutine(); after > before+1 {
		t.Fatalf("%d goroutines left after runtime.Goexit", after-before)
	}
}

func TestMapMisuse(t *testing.T) {
	ctx := context.Background()
	mustPanicWith(t, "nil function", func() { leash.Map[int, int](ctx, nil, nil) })
	mustPanicWith(t, "nil function", func() { leash.ForEach[int](ctx, nil, nil) })
	mustPanicWith(t, "at least 1", func() { leash.Limit(0) })
	mustPanicWith(t, "at least 1", func() { leash.Limit(-3) })
	mustPanicWith(t, "nil Option", func() {
		leash.ForEach(ctx, count(1), func(context.Context, int) error { return nil }, nil)
	})
	mustPanicWith(t, "nil Context", func() {
		leash.ForEach(nil, count(1), func(context.Context, int) error { return nil })
	})
}
