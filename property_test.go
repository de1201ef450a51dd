package leash_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leash-go/leash"
)

// A scenario is one run of an entry point over n items with a limit, in
// which item failAt returns an error, item panicAt panics, item cancelAt
// cancels the caller's context (each -1 for never), and the consumer of a
// sequence stops after breakAt results (-1 for never).
type scenario struct {
	n, limit                  int
	failAt, panicAt, cancelAt int
	breakAt                   int
	collect                   bool
}

func (s scenario) String() string {
	return fmt.Sprintf("n=%d limit=%d fail=%d panic=%d cancel=%d break=%d collect=%v",
		s.n, s.limit, s.failAt, s.panicAt, s.cancelAt, s.breakAt, s.collect)
}

// newScenario maps arbitrary numbers to a valid scenario.
func newScenario(n, limit uint16, failAt, panicAt, cancelAt, breakAt int16, collect bool) scenario {
	s := scenario{n: int(n % 2000), limit: int(limit%16) + 1, collect: collect}
	at := func(v int16) int {
		if v < 0 || s.n == 0 {
			return -1
		}
		return int(v) % s.n
	}
	s.failAt, s.panicAt, s.cancelAt, s.breakAt = at(failAt), at(panicAt), at(cancelAt), at(breakAt)
	return s
}

func randomScenario(r *rand.Rand) scenario {
	pick := func() int16 {
		if r.IntN(3) == 0 {
			return int16(r.IntN(2000))
		}
		return -1
	}
	return newScenario(uint16(r.IntN(2000)), uint16(r.IntN(16)), pick(), pick(), pick(), pick(), r.IntN(2) == 0)
}

var (
	errItem     = errors.New("item failed")
	errCanceled = errors.New("caller cancelled")
)

// run is the instrumented task of a scenario.
type run struct {
	s        scenario
	cancel   context.CancelCauseFunc
	p        peak
	runs     []atomic.Int32 // how many times each item started
	started  atomic.Int64
	returned atomic.Bool // the call under test has returned
	late     atomic.Bool // an item ran after that
	runsAll  bool        // a Group: every task given runs, whatever happened before
	events   tally       // what an Observer saw, in the scenarios that have one
}

func newRun(s scenario) (*run, context.Context) {
	ctx, cancel := context.WithCancelCause(context.Background())
	return &run{s: s, cancel: cancel, runs: make([]atomic.Int32, s.n)}, ctx
}

func (r *run) item(ctx context.Context, i int) (int, error) {
	r.p.enter()
	defer r.p.leave()
	r.runs[i].Add(1)
	r.started.Add(1)
	defer func() {
		if r.returned.Load() {
			r.late.Store(true)
		}
	}()
	if i%5 == 0 {
		time.Sleep(time.Microsecond) // let the workers interleave
	}
	switch i {
	case r.s.panicAt:
		panic(i)
	case r.s.failAt:
		return 0, fmt.Errorf("item %d: %w", i, errItem)
	case r.s.cancelAt:
		r.cancel(errCanceled)
	}
	return 3 * i, nil
}

// sequential is what a scenario must come to when its items run one after
// the other, as they do with a limit of 1: how many items start, and
// whether the call panics, reports an item's error, or the cause.
func (r *run) sequential() (started int, panics, fails, cancels bool) {
	if r.runsAll {
		// Every task runs; the items ignore their context, so the first
		// error is item failAt's, reported as the caller's cause if the
		// caller's context had ended by then (never with CollectErrors,
		// which keeps each task's own error).
		cancelledFirst := r.s.cancelAt >= 0 && r.s.cancelAt < r.s.failAt
		fails = r.s.failAt >= 0 && (r.s.collect || !cancelledFirst)
		cancels = r.s.failAt >= 0 && !r.s.collect && cancelledFirst
		return r.s.n, r.s.panicAt >= 0, fails, cancels
	}
	for i := range r.s.n {
		switch i {
		case r.s.panicAt:
			return i + 1, true, fails, false
		case r.s.failAt:
			fails = true
			if !r.s.collect {
				return i + 1, false, true, false
			}
		case r.s.cancelAt:
			// The cause is reported only if an item was left out.
			return i + 1, false, fails, i < r.s.n-1
		}
	}
	return r.s.n, false, fails, false
}

// check verifies what every entry point keeps, given what the call
// returned (err) or panicked with (pv).
func (r *run) check(t *testing.T, err error, pv any) {
	t.Helper()
	r.returned.Store(true)
	if m := r.p.max.Load(); m > int64(r.s.limit) {
		t.Errorf("%v: %d items ran at once, over the limit", r.s, m)
	}
	for i := range r.runs {
		if n := r.runs[i].Load(); n > 1 {
			t.Errorf("%v: item %d ran %d times", r.s, i, n)
		}
	}
	if pv != nil {
		pe, ok := pv.(*leash.PanicError)
		if !ok || pe.Value != r.s.panicAt {
			t.Errorf("%v: panicked with %#v, want a *PanicError of item %d", r.s, pv, r.s.panicAt)
		}
	}
	if r.observed() {
		r.events.check(t, r.s.String(), r.events.counts[leash.TaskQueued])
		if got, want := r.events.counts[leash.TaskStarted], int(r.started.Load()); got != want {
			t.Errorf("%v: %d starts observed, %d items started", r.s, got, want)
		}
	}
	if r.s.limit == 1 && r.s.breakAt < 0 {
		// Items run one after the other: the outcome is exact.
		started, panics, fails, cancels := r.sequential()
		if got := r.started.Load(); got != int64(started) {
			t.Errorf("%v: %d items started, want %d", r.s, got, started)
		}
		if panics != (pv != nil) {
			t.Errorf("%v: panic = %v, want a panic: %v", r.s, pv, panics)
		}
		if !panics && (errors.Is(err, errItem) != fails || errors.Is(err, errCanceled) != cancels) {
			t.Errorf("%v: err = %v, want the item's error: %v, the context's cause: %v", r.s, err, fails, cancels)
		}
		return
	}
	quiet := r.s.failAt < 0 && r.s.panicAt < 0 && r.s.cancelAt < 0 && r.s.breakAt < 0
	if quiet && (err != nil || pv != nil || r.started.Load() != int64(r.s.n)) {
		t.Errorf("%v: err = %v, panic = %v after %d items; want every item and no error", r.s, err, pv, r.started.Load())
	}
	if err != nil && !errors.Is(err, errItem) && !errors.Is(err, errCanceled) {
		t.Errorf("%v: err = %v, which no item caused", r.s, err)
	}
}

func (r *run) opts() []leash.Option {
	opts := []leash.Option{leash.Limit(r.s.limit)}
	if r.s.collect {
		opts = append(opts, leash.CollectErrors())
	}
	if r.observed() {
		opts = append(opts, leash.Observe(&r.events))
	}
	return opts
}

// observed says whether the scenario runs with an Observer: half of them do.
func (r *run) observed() bool { return r.s.n%2 == 0 }

// catch calls f and returns what it panicked with, if anything.
func catch(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func checkMap(t *testing.T, s scenario) {
	s.breakAt = -1
	r, ctx := newRun(s)
	var out []int
	var err error
	noneOutlive(t, func() {
		pv := catch(func() { out, err = leash.Map(ctx, count(s.n), r.item, r.opts()...) })
		r.check(t, err, pv)
	})
	if err == nil && out != nil {
		for i, v := range out {
			if v != 3*i {
				t.Fatalf("%v: out[%d] = %d, want %d", s, i, v, 3*i)
			}
		}
	}
	if r.late.Load() {
		t.Fatalf("%v: an item ran after Map returned", s)
	}
}

func checkGroup(t *testing.T, s scenario) {
	s.breakAt = -1
	r, ctx := newRun(s)
	r.runsAll = true
	var err error
	var pv any
	noneOutlive(t, func() {
		pv = catch(func() {
			g := leash.NewGroup(ctx, r.opts()...)
			for i := range s.n {
				g.Go(func(ctx context.Context) error { _, err := r.item(ctx, i); return err })
			}
			err = g.Wait()
		})
		r.check(t, err, pv)
	})
	for i := range r.runs {
		if n := r.runs[i].Load(); n != 1 {
			t.Fatalf("%v: task %d ran %d times, want every task given to Go run exactly once", s, i, n)
		}
	}
	if pv == nil && s.failAt < 0 && err != nil {
		t.Fatalf("%v: Wait() = %v, but no task returned an error", s, err)
	}
	if r.late.Load() {
		t.Fatalf("%v: a task ran after Wait returned", s)
	}
}

func checkMapSeq(t *testing.T, s scenario) {
	r, ctx := newRun(s)
	src := &source{n: s.n}
	noneOutlive(t, func() {
		var errs []error
		results := 0
		pv := catch(func() {
			for v, err := range leash.MapSeq(ctx, src.seq, func(ctx context.Context, i int) (int, error) { return r.item(ctx, i) }, r.opts()...) {
				if err != nil {
					errs = append(errs, err)
				} else if v != 3*results {
					t.Fatalf("%v: result %d = %d, want %d", s, results, v, 3*results)
				}
				if !s.collect && err != nil && len(errs) > 1 {
					t.Fatalf("%v: yielded a second error %v", s, err)
				}
				if results++; results == s.breakAt {
					break
				}
			}
		})
		r.check(t, errors.Join(errs...), pv)
		if (s.breakAt >= 0 || pv != nil || len(errs) > 0 && !s.collect) && results < s.n && !src.exited.Load() {
			t.Fatalf("%v: the input was not stopped", s)
		}
	})
	if r.late.Load() {
		t.Fatalf("%v: an item ran after the range ended", s)
	}
}

func checkForEachSeq(t *testing.T, s scenario) {
	s.breakAt = -1
	r, ctx := newRun(s)
	src := &source{n: s.n}
	noneOutlive(t, func() {
		var err error
		pv := catch(func() {
			err = leash.ForEachSeq(ctx, src.seq, func(ctx context.Context, i int) error { _, err := r.item(ctx, i); return err }, r.opts()...)
		})
		r.check(t, err, pv)
		if !src.exited.Load() {
			t.Fatalf("%v: the input was not stopped", s)
		}
	})
	if r.late.Load() {
		t.Fatalf("%v: an item ran after ForEachSeq returned", s)
	}
}

var entryPoints = map[string]func(*testing.T, scenario){
	"Map":        checkMap,
	"Group":      checkGroup,
	"MapSeq":     checkMapSeq,
	"ForEachSeq": checkForEachSeq,
}

// TestProperties runs every entry point on random scenarios. The seed is
// logged so that a failure can be replayed with LEASH_SEED.
func TestProperties(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if v, ok := lookupSeed(); ok {
		seed = v
	}
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, seed))
	cases := 60
	if testing.Short() {
		cases = 15
	}
	for name, check := range entryPoints {
		t.Run(name, func(t *testing.T) {
			for range cases {
				check(t, randomScenario(r))
			}
		})
	}
}

func fuzzEntryPoint(f *testing.F, check func(*testing.T, scenario)) {
	f.Add(uint16(100), uint16(0), int16(-1), int16(-1), int16(-1), int16(-1), false)
	f.Add(uint16(100), uint16(3), int16(10), int16(-1), int16(-1), int16(-1), false)
	f.Add(uint16(100), uint16(3), int16(10), int16(-1), int16(-1), int16(-1), true)
	f.Add(uint16(500), uint16(7), int16(-1), int16(250), int16(-1), int16(-1), false)
	f.Add(uint16(500), uint16(0), int16(400), int16(300), int16(200), int16(-1), true)
	f.Add(uint16(1000), uint16(15), int16(-1), int16(-1), int16(3), int16(-1), false)
	f.Add(uint16(1000), uint16(2), int16(-1), int16(-1), int16(-1), int16(10), false)
	f.Fuzz(func(t *testing.T, n, limit uint16, failAt, panicAt, cancelAt, breakAt int16, collect bool) {
		check(t, newScenario(n, limit, failAt, panicAt, cancelAt, breakAt, collect))
	})
}

func FuzzMap(f *testing.F)        { fuzzEntryPoint(f, checkMap) }
func FuzzGroup(f *testing.F)      { fuzzEntryPoint(f, checkGroup) }
func FuzzMapSeq(f *testing.F)     { fuzzEntryPoint(f, checkMapSeq) }
func FuzzForEachSeq(f *testing.F) { fuzzEntryPoint(f, checkForEachSeq) }
