package leash_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/leash-go/leash"
)

// source is an input sequence that records how far it was pulled and
// whether it was stopped.
type source struct {
	n       int // items, or -1 for an endless input
	pulled  atomic.Int64
	stopped atomic.Bool // the consumer returned false from yield
	exited  atomic.Bool // the sequence function has returned, or unwound
}

func (s *source) seq(yield func(int) bool) {
	defer s.exited.Store(true)
	for i := 0; s.n < 0 || i < s.n; i++ {
		s.pulled.Add(1)
		if !yield(i) {
			s.stopped.Store(true)
			return
		}
	}
}

func TestMapSeqYieldsInInputOrder(t *testing.T) {
	for _, limit := range []int{1, 2, 5, 16} {
		src := &source{n: 5000}
		i := 0
		for r, err := range leash.MapSeq(context.Background(), src.seq, func(ctx context.Context, v int) (string, error) {
			if v%3 == 0 {
				runtime.Gosched()
			}
			return fmt.Sprint(v), nil
		}, leash.Limit(limit)) {
			if err != nil {
				t.Fatal(err)
			}
			if r != fmt.Sprint(i) {
				t.Fatalf("limit %d: result %d = %q, want %q", limit, i, r, fmt.Sprint(i))
			}
			i++
		}
		if i != src.n {
			t.Fatalf("limit %d: %d results, want %d", limit, i, src.n)
		}
	}
}

func TestMapSeqHoldsABoundedWindow(t *testing.T) {
	for _, limit := range []int{1, 3} {
		src := &source{n: 2000}
		yielded := 0
		bound := int64(8 * limit) // documented on MapSeq
		for _, err := range leash.MapSeq(context.Background(), src.seq, func(ctx context.Context, v int) (int, error) { return v, nil }, leash.Limit(limit)) {
			if err != nil {
				t.Fatal(err)
			}
			yielded++
			if held := src.pulled.Load() - int64(yielded); held > bound {
				t.Fatalf("limit %d: %d items pulled and not yet yielded, want at most %d", limit, held, bound)
			}
			runtime.Gosched() // a consumer slower than the workers
		}
	}
}

func TestMapSeqOnAnEndlessInputStopsItOnBreak(t *testing.T) {
	noneOutlive(t, func() {
		src := &source{n: -1}
		got := 0
		for r, err := range leash.MapSeq(context.Background(), src.seq, func(ctx context.Context, v int) (int, error) { return v * 2, nil }, leash.Limit(4)) {
			if err != nil || r != 2*got {
				t.Fatalf("result %d = %d, %v", got, r, err)
			}
			if got++; got == 1000 {
				break
			}
		}
		if !src.stopped.Load() {
			t.Fatal("the input was not stopped when the range ended")
		}
	})
}

func TestMapSeqNoTaskRunsAfterBreak(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var a afterReturn
		src := &source{n: 100}
		for range leash.MapSeq(context.Background(), src.seq, func(ctx context.Context, v int) (int, error) {
			runtime.Gosched()
			a.task()
			return v, nil
		}, leash.Limit(8)) {
			break
		}
		a.check(t)
	})
}

func TestMapSeqYieldsAResultBeforeThePullAfterNext(t *testing.T) {
	// An input that pauses (a channel fed now and then) holds back at most
	// the result of its last item: each result is yielded as soon as the
	// input hands over the item after its own, not when a window fills.
	synctest.Test(t, func(t *testing.T) {
		ch := make(chan int)
		var got atomic.Int64
		go func() {
			defer close(ch)
			for i := range 20 {
				ch <- i
				synctest.Wait()
				if n := got.Load(); n < int64(i) {
					panic(fmt.Sprintf("after item %d was handed over, %d results had been yielded; want at least %d", i, n, i))
				}
			}
		}()
		in := func(yield func(int) bool) {
			for v := range ch {
				if !yield(v) {
					return
				}
			}
		}
		for _, err := range leash.MapSeq(context.Background(), in, func(ctx context.Context, v int) (int, error) { return v, nil }, leash.Limit(4)) {
			if err != nil {
				t.Fatal(err)
			}
			got.Add(1)
		}
		if n := got.Load(); n != 20 {
			t.Fatalf("%d results, want 20", n)
		}
	})
}

func TestMapSeqFirstErrorIsYieldedOnceAndEnds(t *testing.T) {
	src := &source{n: 10_000}
	var started atomic.Int64
	var errs []error
	results := 0
	for r, err := range leash.MapSeq(context.Background(), src.seq, func(ctx context.Context, v int) (int, error) {
		started.Add(1)
		if v == 100 {
			return 0, errTask
		}
		return v, nil
	}, leash.Limit(1)) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if r != results {
			t.Fatalf("result %d = %d", results, r)
		}
		results++
	}
	if len(errs) != 1 || errs[0] != errTask {
		t.Fatalf("errors yielded: %v, want [%v]", errs, errTask)
	}
	if n := started.Load(); n != 101 {
		t.Fatalf("%d items started with a limit of 1, want 101: none after the error", n)
	}
	if results > 100 {
		t.Fatalf("%d results yielded, more than came before the error", results)
	}
	if !src.stopped.Load() {
		t.Fatal("the input was not stopped")
	}
}

func TestMapSeqCollectErrorsYieldsEveryItemInOrder(t *testing.T) {
	i := 0
	for r, err := range leash.MapSeq(context.Background(), (&source{n: 300}).seq, func(ctx context.Context, v int) (int, error) {
		if v%7 == 0 {
			return -v, fmt.Errorf("item %d", v)
		}
		return v, nil
	}, leash.Limit(3), leash.CollectErrors()) {
		if i%7 == 0 {
			if err == nil || err.Error() != fmt.Sprintf("item %d", i) || r != -i {
				t.Fatalf("item %d: %d, %v; want its own result and error", i, r, err)
			}
		} else if err != nil || r != i {
			t.Fatalf("item %d: %d, %v", i, r, err)
		}
		i++
	}
	if i != 300 {
		t.Fatalf("%d items yielded, want 300", i)
	}
}

func TestMapSeqYieldsTheCauseLastWhenTheContextEnds(t *testing.T) {
	for _, opts := range [][]leash.Option{{leash.Limit(2)}, {leash.Limit(2), leash.CollectErrors()}} {
		cause := errors.New("request cancelled")
		ctx, cancel := context.WithCancelCause(context.Background())
		defer cancel(nil)
		src := &source{n: -1}
		var last error
		n := 0
		for _, err := range leash.MapSeq(ctx, src.seq, func(ctx context.Context, v int) (int, error) { return v, nil }, opts...) {
			if last != nil {
				t.Fatalf("yielded after the error %v", last)
			}
			if n++; n == 50 {
				cancel(cause)
			}
			last = err
		}
		if last != cause {
			t.Fatalf("last yield = %v, want the cause %v", last, cause)
		}
		if !src.stopped.Load() {
			t.Fatal("the input was not stopped")
		}
	}
}

func TestMapSeqPanicIsRaisedByTheRange(t *testing.T) {
	noneOutlive(t, func() {
		src := &source{n: -1}
		v := mustPanic(t, func() {
			for range leash.MapSeq(context.Background(), src.seq, func(ctx context.Context, v int) (int, error) {
				if v == 77 {
					panicHere(v)
				}
				return v, nil
			}, leash.Limit(4)) {
			}
		})
		pe, ok := v.(*leash.PanicError)
		if !ok || pe.Value != 77 || !strings.Contains(string(pe.Stack), "panicHere") {
			t.Fatalf("panic = %#v, want a *PanicError from panicHere with value 77", v)
		}
		if !src.stopped.Load() {
			t.Fatal("the input was not stopped")
		}
	})
}

func TestMapSeqPanicInTheLoopBodyCleansUp(t *testing.T) {
	noneOutlive(t, func() {
		src := &source{n: -1}
		v := mustPanic(t, func() {
			for r := range leash.MapSeq(context.Background(), src.seq, func(ctx context.Context, v int) (int, error) { return v, nil }, leash.Limit(4)) {
				if r == 10 {
					panic("in the loop body")
				}
			}
		})
		if v != "in the loop body" {
			t.Fatalf("panic = %v, want the loop body's own", v)
		}
		if !src.exited.Load() {
			t.Fatal("the input was not unwound")
		}
	})
}

func TestMapSeqNeverRunsMoreThanTheLimit(t *testing.T) {
	checkLimit(t, 3, 40, func(task func()) {
		for range leash.MapSeq(context.Background(), (&source{n: 40}).seq, func(ctx context.Context, v int) (int, error) {
			task()
			return v, nil
		}, leash.Limit(3)) {
		}
	})
}

func TestMapSeqStartsAtMostLimitGoroutines(t *testing.T) {
	const limit = 3
	before := runtime.NumGoroutine()
	var most int
	for range leash.MapSeq(context.Background(), (&source{n: 100_000}).seq, func(ctx context.Context, v int) (int, error) { return v, nil }, leash.Limit(limit)) {
		most = max(most, runtime.NumGoroutine()-before)
	}
	if most > limit {
		t.Fatalf("%d goroutines started, want at most the limit %d", most, limit)
	}
}

func TestMapSeqRunsAgainOnEveryRange(t *testing.T) {
	seq := leash.MapSeq(context.Background(), slices.Values([]int{1, 2, 3}), func(ctx context.Context, v int) (int, error) { return v * v, nil })
	for range 2 {
		var got []int
		for r, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, r)
		}
		if !slices.Equal(got, []int{1, 4, 9}) {
			t.Fatalf("got %v", got)
		}
	}
}

func TestForEachSeq(t *testing.T) {
	seen := make([]atomic.Int32, 3000)
	src := &source{n: len(seen)}
	if err := leash.ForEachSeq(context.Background(), src.seq, func(ctx context.Context, v int) error {
		seen[v].Add(1)
		return nil
	}, leash.Limit(4)); err != nil {
		t.Fatal(err)
	}
	for i := range seen {
		if n := seen[i].Load(); n != 1 {
			t.Fatalf("item %d ran %d times", i, n)
		}
	}
}

func TestForEachSeqHoldsABoundedWindow(t *testing.T) {
	const limit = 2
	src := &source{n: 500}
	var ran atomic.Int64
	err := leash.ForEachSeq(context.Background(), src.seq, func(ctx context.Context, v int) error {
		// At most 8×limit items pulled and not yet done, and the one
		// the input is handing over.
		if waiting := src.pulled.Load() - ran.Load(); waiting > 8*limit+1 {
			return fmt.Errorf("%d items pulled and not done", waiting)
		}
		runtime.Gosched()
		ran.Add(1)
		return nil
	}, leash.Limit(limit))
	if err != nil {
		t.Fatal(err)
	}
}

func TestForEachSeqErrors(t *testing.T) {
	src := &source{n: -1}
	var started atomic.Int64
	err := leash.ForEachSeq(context.Background(), src.seq, func(ctx context.Context, v int) error {
		started.Add(1)
		if v == 20 {
			return errTask
		}
		return nil
	}, leash.Limit(1))
	if err != errTask || started.Load() != 21 || !src.stopped.Load() {
		t.Fatalf("err = %v after %d items, stopped = %v; want %v after 21, stopped", err, started.Load(), src.stopped.Load(), errTask)
	}

	var want []string
	err = leash.ForEachSeq(context.Background(), (&source{n: 100}).seq, func(ctx context.Context, v int) error {
		if v%9 == 4 {
			return fmt.Errorf("item %d", v)
		}
		return nil
	}, leash.Limit(3), leash.CollectErrors())
	for i := range 100 {
		if i%9 == 4 {
			want = append(want, fmt.Sprintf("item %d", i))
		}
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Fatalf("err = %v, want every error in input order", err)
	}
}

func TestForEachSeqContextAndPanic(t *testing.T) {
	cause := errors.New("stop")
	ctx, cancel := context.WithCancelCause(context.Background())
	src := &source{n: -1}
	err := leash.ForEachSeq(ctx, src.seq, func(ctx context.Context, v int) error {
		if v == 30 {
			cancel(cause)
		}
		return nil
	}, leash.Limit(2))
	if err != cause || !src.stopped.Load() {
		t.Fatalf("err = %v, stopped = %v; want %v, stopped", err, src.stopped.Load(), cause)
	}
	noneOutlive(t, func() {
		v := mustPanic(t, func() {
			leash.ForEachSeq(context.Background(), (&source{n: -1}).seq, func(ctx context.Context, v int) error {
				if v == 5 {
					panic("five")
				}
				return nil
			}, leash.Limit(3))
		})
		if pe, ok := v.(*leash.PanicError); !ok || pe.Value != "five" {
			t.Fatalf("panic = %#v, want *PanicError(five)", v)
		}
	})
}

func TestSeqMisuse(t *testing.T) {
	ctx := context.Background()
	var nilSeq iter.Seq[int]
	ints := slices.Values([]int{1})
	mapFn := func(context.Context, int) (int, error) { return 0, nil }
	eachFn := func(context.Context, int) error { return nil }
	// Each message names what is missing.
	mustPanicWith(t, "MapSeq called with a nil sequence (in)", func() { leash.MapSeq(ctx, nilSeq, mapFn) })
	mustPanicWith(t, "MapSeq called with a nil function (fn)", func() { leash.MapSeq[int, int](ctx, ints, nil) })
	mustPanicWith(t, "MapSeq called with a nil sequence and a nil function", func() { leash.MapSeq[int, int](ctx, nilSeq, nil) })
	mustPanicWith(t, "ForEachSeq called with a nil sequence (in)", func() { leash.ForEachSeq(ctx, nilSeq, eachFn) })
	mustPanicWith(t, "ForEachSeq called with a nil function (fn)", func() { leash.ForEachSeq(ctx, ints, nil) })
	mustPanicWith(t, "nil Context", func() { leash.MapSeq(nil, ints, mapFn) })
	mustPanicWith(t, "nil Context", func() { leash.ForEachSeq(nil, ints, eachFn) })
}

func TestMapSeqBreakCancelsTheRunningItemsAndSkipsTheRest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const limit = 2
		var started, cancelled atomic.Int64
		for range leash.MapSeq(context.Background(), (&source{n: 100}).seq, func(ctx context.Context, v int) (int, error) {
			started.Add(1)
			if v > 0 {
				<-ctx.Done() // held until the consumer leaves
				cancelled.Add(1)
			}
			return v, nil
		}, leash.Limit(limit)) {
			synctest.Wait() // every worker is busy or idle
			break
		}
		if n := started.Load(); n > 1+limit {
			t.Fatalf("%d items started, want at most %d: the rest are skipped after break", n, 1+limit)
		}
		if s, c := started.Load(), cancelled.Load(); c != s-1 {
			t.Fatalf("%d of the %d items running at break saw their context end", c, s-1)
		}
	})
}

func TestForEachSeqNeverRunsMoreThanTheLimit(t *testing.T) {
	checkLimit(t, 4, 40, func(task func()) {
		leash.ForEachSeq(context.Background(), (&source{n: 40}).seq, func(ctx context.Context, v int) error {
			task()
			return nil
		}, leash.Limit(4))
	})
}
