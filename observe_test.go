package leash_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime/pprof"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/leash-go/leash"
)

// tally is an Observer that counts events by kind.
type tally struct {
	mu          sync.Mutex
	counts      map[leash.EventKind]int // tasks by kind, calls for call events
	pools       map[string]bool
	errs        int
	bad         []string // events that break the rules
	first, last leash.EventKind
	limit       int // of CallStarted
}

func (ta *tally) Observe(e leash.Event) {
	ta.mu.Lock()
	defer ta.mu.Unlock()
	if ta.counts == nil {
		ta.counts, ta.pools = map[leash.EventKind]int{}, map[string]bool{}
	}
	if ta.first == 0 {
		ta.first = e.Kind
	}
	ta.last = e.Kind
	ta.pools[e.Pool] = true
	if e.Err != nil {
		ta.errs++
	}
	if e.Kind == leash.CallStarted || e.Kind == leash.CallEnded {
		ta.counts[e.Kind]++
		ta.limit = max(ta.limit, e.Limit)
		if e.Tasks != 0 {
			ta.bad = append(ta.bad, fmt.Sprintf("%v event about %d tasks", e.Kind, e.Tasks))
		}
		return
	}
	ta.counts[e.Kind] += e.Tasks
	switch {
	case e.Tasks < 1:
		ta.bad = append(ta.bad, fmt.Sprintf("%v event about %d tasks", e.Kind, e.Tasks))
	case e.Wait < 0 || e.Run < 0:
		ta.bad = append(ta.bad, fmt.Sprintf("%v event with negative times %v %v", e.Kind, e.Wait, e.Run))
	case e.Kind == leash.TaskPanicked && e.Value == nil:
		ta.bad = append(ta.bad, "panic event without a value")
	}
}

// check verifies that the events add up for a call that started n tasks.
func (ta *tally) check(t *testing.T, what string, queued int) {
	t.Helper()
	ta.mu.Lock()
	defer ta.mu.Unlock()
	c := ta.counts
	if len(ta.bad) > 0 {
		t.Errorf("%s: %v", what, ta.bad)
	}
	if c[leash.CallStarted] != 1 || c[leash.CallEnded] != 1 || ta.first != leash.CallStarted || ta.last != leash.CallEnded {
		t.Errorf("%s: %d call starts and %d call ends, first event %v, last %v; want one of each, first and last",
			what, c[leash.CallStarted], c[leash.CallEnded], ta.first, ta.last)
	}
	if c[leash.TaskQueued] != queued {
		t.Errorf("%s: %d tasks queued, want %d", what, c[leash.TaskQueued], queued)
	}
	if c[leash.TaskQueued] != c[leash.TaskStarted]+c[leash.TaskSkipped] {
		t.Errorf("%s: %d queued ≠ %d started + %d skipped", what, c[leash.TaskQueued], c[leash.TaskStarted], c[leash.TaskSkipped])
	}
	if c[leash.TaskStarted] != c[leash.TaskEnded]+c[leash.TaskPanicked] {
		t.Errorf("%s: %d started ≠ %d ended + %d panicked", what, c[leash.TaskStarted], c[leash.TaskEnded], c[leash.TaskPanicked])
	}
}

func TestObserverEventsAddUp(t *testing.T) {
	const n = 300
	for name, run := range map[string]func(opts ...leash.Option){
		"Map": func(opts ...leash.Option) {
			leash.Map(context.Background(), count(n), func(ctx context.Context, v int) (int, error) {
				if v == 150 {
					return 0, errTask
				}
				return v, nil
			}, opts...)
		},
		"Group": func(opts ...leash.Option) {
			g := leash.NewGroup(context.Background(), opts...)
			for i := range n {
				g.Go(func(ctx context.Context) error {
					if i == 150 {
						return errTask
					}
					return nil
				})
			}
			g.Wait()
		},
		"MapSeq": func(opts ...leash.Option) {
			for _, err := range leash.MapSeq(context.Background(), (&source{n: n}).seq, func(ctx context.Context, v int) (int, error) {
				if v == 150 {
					return 0, errTask
				}
				return v, nil
			}, opts...) {
				if err != nil {
					break
				}
			}
		},
		"ForEachSeq": func(opts ...leash.Option) {
			leash.ForEachSeq(context.Background(), (&source{n: n}).seq, func(ctx context.Context, v int) error {
				if v == 150 {
					panic("boom")
				}
				return nil
			}, opts...)
		},
	} {
		for _, collect := range []bool{false, true} {
			var ta tally
			opts := []leash.Option{leash.Limit(3), leash.Name("pool-" + name), leash.Observe(&ta)}
			if collect {
				opts = append(opts, leash.CollectErrors())
			}
			catch(func() { run(opts...) })
			what := fmt.Sprintf("%s collect=%v", name, collect)
			queued := n
			if name == "MapSeq" || name == "ForEachSeq" || (name == "Group" && !collect) {
				queued = ta.counts[leash.TaskQueued] // these stop pulling or giving after the error
				if queued == 0 || queued > n {
					t.Errorf("%s: %d tasks queued", what, queued)
				}
			}
			ta.check(t, what, queued)
			if ta.limit != 3 {
				t.Errorf("%s: CallStarted with limit %d, want 3", what, ta.limit)
			}
			if !ta.pools["pool-"+name] || len(ta.pools) != 1 {
				t.Errorf("%s: events named pools %v, want only %q", what, ta.pools, "pool-"+name)
			}
			if name != "ForEachSeq" && ta.errs == 0 {
				t.Errorf("%s: no event carried the task's error", what)
			}
			if name == "ForEachSeq" && ta.counts[leash.TaskPanicked] != 1 {
				t.Errorf("%s: %d panics observed, want 1", what, ta.counts[leash.TaskPanicked])
			}
		}
	}
}

func TestObserverSeesWaitAndRunTimes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var waits, runs []time.Duration
		obs := observerFunc(func(e leash.Event) {
			mu.Lock()
			defer mu.Unlock()
			switch e.Kind {
			case leash.TaskStarted:
				waits = append(waits, e.Wait)
			case leash.TaskEnded:
				runs = append(runs, e.Run)
			}
		})
		leash.ForEach(context.Background(), count(4), func(ctx context.Context, v int) error {
			time.Sleep(20 * time.Millisecond)
			return nil
		}, leash.Limit(1), leash.Observe(obs))
		// One at a time: each task waited for the ones before it.
		want := []time.Duration{0, 20 * time.Millisecond, 40 * time.Millisecond, 60 * time.Millisecond}
		if !slices.Equal(waits, want) {
			t.Errorf("waits = %v, want %v", waits, want)
		}
		if want := slices.Repeat([]time.Duration{20 * time.Millisecond}, 4); !slices.Equal(runs, want) {
			t.Errorf("runs = %v, want %v", runs, want)
		}
	})
}

type observerFunc func(leash.Event)

func (f observerFunc) Observe(e leash.Event) { f(e) }

func TestPprofLabelsNameThePool(t *testing.T) {
	for name, run := range map[string]func(fn func(ctx context.Context) error, opts ...leash.Option){
		"ForEach": func(fn func(ctx context.Context) error, opts ...leash.Option) {
			leash.ForEach(context.Background(), count(2), func(ctx context.Context, _ int) error { return fn(ctx) }, opts...)
		},
		"Group": func(fn func(ctx context.Context) error, opts ...leash.Option) {
			g := leash.NewGroup(context.Background(), opts...)
			g.Go(fn)
			g.Wait()
		},
		"GroupWithLimit": func(fn func(ctx context.Context) error, opts ...leash.Option) {
			g := leash.NewGroup(context.Background(), append(opts, leash.Limit(2))...)
			g.Go(fn)
			g.Wait()
		},
		"ForEachSeq": func(fn func(ctx context.Context) error, opts ...leash.Option) {
			leash.ForEachSeq(context.Background(), (&source{n: 2}).seq, func(ctx context.Context, _ int) error { return fn(ctx) }, opts...)
		},
	} {
		var inCtx string
		var inProfile bool
		run(func(ctx context.Context) error {
			inCtx, _ = pprof.Label(ctx, "leash.pool")
			var buf bytes.Buffer
			pprof.Lookup("goroutine").WriteTo(&buf, 1)
			inProfile = bytes.Contains(buf.Bytes(), []byte(`"leash.pool":"thumbnails"`))
			return nil
		}, leash.Name("thumbnails"), leash.PprofLabels(), leash.Limit(1))
		if inCtx != "thumbnails" || !inProfile {
			t.Errorf("%s: label in the task's context %q, in the goroutine profile %v; want both", name, inCtx, inProfile)
		}
	}
}

func TestObserveMisuse(t *testing.T) {
	mustPanicWith(t, "Observe(nil)", func() { leash.Observe(nil) })
	if s := leash.TaskSkipped.String(); s != "skipped" {
		t.Fatalf("TaskSkipped.String() = %q", s)
	}
	if s := leash.EventKind(0).String(); s != "EventKind(0)" {
		t.Fatalf("EventKind(0).String() = %q", s)
	}
}

// perPool is a PoolObserver that counts the calls it prepared.
type perPool struct {
	prepared map[string]int
	events   tally
}

func (p *perPool) Observe(leash.Event) { panic("events go to the Observer ForPool returned") }

func (p *perPool) ForPool(name string) leash.Observer {
	p.prepared[name]++
	return &p.events
}

func TestPoolObserverPreparesOncePerCall(t *testing.T) {
	p := &perPool{prepared: map[string]int{}}
	for range 3 {
		leash.ForEach(context.Background(), count(100), func(context.Context, int) error { return nil },
			leash.Name("resize"), leash.Observe(p))
	}
	if p.prepared["resize"] != 3 || len(p.prepared) != 1 {
		t.Fatalf("ForPool calls: %v, want resize: 3", p.prepared)
	}
	if n := p.events.counts[leash.TaskEnded]; n != 300 {
		t.Fatalf("%d tasks ended were reported, want 300", n)
	}
}

func TestObserverOnEmptyInput(t *testing.T) {
	var ta tally
	leash.ForEach(context.Background(), []int{}, func(context.Context, int) error { return nil }, leash.Observe(&ta))
	ta.check(t, "ForEach on no items", 0)
}

func TestCallEventsCarryTheLimit(t *testing.T) {
	var limits []int
	obs := observerFunc(func(e leash.Event) {
		if e.Kind == leash.CallStarted || e.Kind == leash.CallEnded {
			limits = append(limits, e.Limit)
		}
	})
	leash.ForEach(context.Background(), count(10), func(context.Context, int) error { return nil }, leash.Limit(4), leash.Observe(obs))
	g := leash.NewGroup(context.Background(), leash.Observe(obs))
	g.Wait()
	if want := []int{4, 4, 0, 0}; !slices.Equal(limits, want) {
		t.Fatalf("limits of the call events: %v, want %v", limits, want)
	}
}
