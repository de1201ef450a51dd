package bench

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var errTask = errors.New("task failed")

// A probe is the task the tests hand every implementation: it computes
// mix(i), fails at item failAt (none if negative), holds each call for
// hold, and counts the calls running at once.
type probe struct {
	hold      time.Duration
	failAt    int
	now, peak atomic.Int64
}

func (p *probe) call(i int) (uint64, error) {
	n := p.now.Add(1)
	defer p.now.Add(-1)
	for m := p.peak.Load(); n > m && !p.peak.CompareAndSwap(m, n); m = p.peak.Load() {
	}
	time.Sleep(p.hold)
	if i == p.failAt {
		return 0, errTask
	}
	return mix(i), nil
}

// A subject is one implementation of one workload, run through a probe on
// n items with a limit. It returns the implementation's error or, if none,
// what is wrong with its output.
type subject struct {
	name string
	run  func(ctx context.Context, n, limit int, p *probe) error
}

// subjects returns every implementation of every workload.
func subjects() []subject {
	var all []subject
	for _, im := range forEachImpls {
		all = append(all, subject{"ForEach/" + im.name, func(ctx context.Context, n, limit int, p *probe) error {
			out := make([]uint64, n)
			err := im.run(ctx, indexes(n), limit, func(_ context.Context, i int) (err error) {
				out[i], err = p.call(i)
				return err
			})
			if err != nil {
				return err
			}
			return checkMixed(out, n)
		}})
	}
	for _, im := range mapImpls {
		all = append(all, subject{"Map/" + im.name, func(ctx context.Context, n, limit int, p *probe) error {
			out, err := im.run(ctx, indexes(n), limit, func(_ context.Context, i int) (uint64, error) { return p.call(i) })
			if err != nil {
				return err
			}
			return checkMixed(out, n)
		}})
	}
	for _, im := range seqImpls {
		all = append(all, subject{"OrderedStream/" + im.name, func(ctx context.Context, n, limit int, p *probe) error {
			var sum orderedSum
			err := im.run(ctx, countTo(n), limit, func(_ context.Context, i int) (uint64, error) { return p.call(i) }, sum.add)
			if err != nil {
				if p.failAt >= 0 && sum.n > p.failAt {
					return fmt.Errorf("%d results reached the sink, more than the %d before the failed item: %w", sum.n, p.failAt, err)
				}
				return err
			}
			return sum.check(n)
		}})
	}
	for _, im := range goImpls {
		all = append(all, subject{"GroupGo/" + im.name, func(ctx context.Context, n, limit int, p *probe) error {
			out := make([]uint64, n)
			err := im.run(ctx, n, limit, func(_ context.Context, i int) (err error) {
				out[i], err = p.call(i)
				return err
			})
			if err != nil {
				return err
			}
			return checkMixed(out, n)
		}})
	}
	return all
}

// Every implementation computes every result, in order where the workload
// wants order, for sizes below, at and above the limit.
func TestResults(t *testing.T) {
	for _, s := range subjects() {
		t.Run(s.name, func(t *testing.T) {
			for _, n := range []int{0, 1, 5, 1000} {
				for _, limit := range []int{1, 3, 64} {
					if err := s.run(t.Context(), n, limit, &probe{failAt: -1}); err != nil {
						t.Errorf("n=%d limit=%d: %v", n, limit, err)
					}
				}
			}
		})
	}
}

// Every implementation returns a task's error, so none is measured doing
// less than the job asks.
func TestFirstError(t *testing.T) {
	for _, s := range subjects() {
		if _, name, _ := strings.Cut(s.name, "/"); errorless[name] {
			continue
		}
		t.Run(s.name, func(t *testing.T) {
			err := s.run(t.Context(), 1000, 3, &probe{failAt: 500})
			if !errors.Is(err, errTask) {
				t.Errorf("item 500 failed: got error %v, want %v", err, errTask)
			}
		})
	}
}

// Every implementation runs as many tasks at once as the limit allows, and
// no more: one that ran more would be measured waiting less than the
// others, one that ran fewer would be measured unfairly. Each task holds
// for a few milliseconds of real time, long enough for every worker to have
// taken one before the first ends. (A fake clock would make this exact, but
// pond's pools hand work to a process-wide pool that a synctest bubble
// does not allow.)
func TestLimit(t *testing.T) {
	const n, limit = 60, 3
	for _, s := range subjects() {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			p := &probe{hold: 3 * time.Millisecond, failAt: -1}
			if err := s.run(t.Context(), n, limit, p); err != nil {
				t.Fatal(err)
			}
			if got := p.peak.Load(); got != limit {
				t.Errorf("at most %d tasks ran at once, want %d (the limit)", got, limit)
			}
		})
	}
}

// The checks the benchmarks rely on must catch wrong output, or a fast but
// wrong implementation would pass them.
func TestChecksCatchWrongOutput(t *testing.T) {
	out := make([]uint64, 10)
	for i := range out {
		out[i] = mix(i)
	}
	if err := checkMixed(out, 10); err != nil {
		t.Fatalf("right output rejected: %v", err)
	}
	if checkMixed(out[:9], 10) == nil {
		t.Error("a missing result was not caught")
	}
	out[3], out[4] = out[4], out[3]
	if checkMixed(out, 10) == nil {
		t.Error("results out of order were not caught")
	}
	out[3], out[4] = out[4], 0
	if checkMixed(out, 10) == nil {
		t.Error("an unwritten result was not caught")
	}

	var right, swapped, short orderedSum
	for _, i := range []int{0, 1, 2, 3} {
		right.add(mix(i))
	}
	if err := right.check(4); err != nil {
		t.Fatalf("right stream rejected: %v", err)
	}
	for _, i := range []int{0, 2, 1, 3} {
		swapped.add(mix(i))
	}
	if swapped.check(4) == nil {
		t.Error("a stream out of order was not caught")
	}
	for i := range 3 {
		short.add(mix(i))
	}
	if short.check(4) == nil {
		t.Error("a stream that lost an item was not caught")
	}
}
