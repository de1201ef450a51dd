package leashtest

import (
	"context"
	"fmt"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leash-go/leash"
	"github.com/leash-go/leash/internal/testlabels"
	"github.com/leash-go/leash/leashtest/internal/faket"
)

// Goroutines whose labels code replaced, that a dead goroutine or a timer
// started, are still charged to the test that started them, and only to it.

// leakUnderPprofLabels runs ForEach with leash.PprofLabels over n items,
// each of which leaves a goroutine blocked until block is closed, and
// returns their ids.
func leakUnderPprofLabels(t *testing.T, n int, block <-chan struct{}) []int64 {
	ids := make(chan int64, n)
	err := leash.ForEach(context.Background(), make([]int, n), func(ctx context.Context, _ int) error {
		go func() {
			ids <- currentID()
			<-block
		}()
		return nil
	}, leash.PprofLabels(), leash.Name("leaky"), leash.Limit(2))
	if err != nil {
		t.Error(err)
	}
	var got []int64
	for range n {
		got = append(got, <-ids)
	}
	return got
}

// dumpsShowLabels reports whether goroutine dumps print labels here
// (GODEBUG=tracebacklabels=1, or Go 1.27 modules). Where they do not, a
// check matches dumps with the goroutine profile, and of goroutines of
// several tests that have the same stack, only how many each test left is
// sure, not which (see the package documentation).
// The test's goroutine carries the label of the check Main gives it.
func dumpsShowLabels() bool { return currentHeader().Labeled }

// sameGoroutines reports whether a check reported the goroutines want:
// exactly, or as many where dumps do not show labels.
func sameGoroutines(got, want []int64) bool {
	if dumpsShowLabels() {
		return slices.Equal(sorted(got), sorted(want))
	}
	return len(got) == len(want)
}

func TestCheckCatchesLeaksUnderPprofLabels(t *testing.T) {
	block, release := blockOnGlobal()
	defer release()
	t.Run("one test", func(t *testing.T) {
		var own []int64
		f := faket.Run(t, "TestLabelled", func(ft *faket.T) {
			Check(ft, Grace(shortGrace))
			own = leakUnderPprofLabels(t, 4, block)
		})
		if got := reportedIDs(f.Report()); !slices.Equal(sorted(got), sorted(own)) {
			t.Errorf("reported %v, want the %d goroutines the tasks left, %v:\n%s", got, len(own), own, f.Report())
		}
	})
	// Checks that run at once cannot charge orphans by time: the label
	// leash keeps tells each test its own.
	t.Run("tests at once", func(t *testing.T) {
		const tests = 6
		fakes := make([]*faket.T, tests)
		own := make([][]int64, tests)
		var wg sync.WaitGroup
		for i := range tests {
			wg.Go(func() {
				fakes[i] = faket.Run(t, fmt.Sprint("TestLabelled", i), func(ft *faket.T) {
					Check(ft, Grace(shortGrace))
					own[i] = leakUnderPprofLabels(t, i+1, block)
				})
			})
		}
		wg.Wait()
		for i, f := range fakes {
			if got := reportedIDs(f.Report()); !sameGoroutines(got, own[i]) {
				t.Errorf("test %d reported %v, want its own %v:\n%s", i, got, own[i], f.Report())
			}
		}
	})
}

// leash asks for the label from the goroutine that calls it, which may be
// far from the test's: leashtest finds the test up its creators.
func TestCheckKeepsTheLabelForCallsFromDeepGoroutines(t *testing.T) {
	block, release := blockOnGlobal()
	defer release()
	const tests = 3
	fakes := make([]*faket.T, tests)
	own := make([][]int64, tests)
	var wg sync.WaitGroup
	for i := range tests {
		wg.Go(func() {
			fakes[i] = faket.Run(t, fmt.Sprint("TestDeepCaller", i), func(ft *faket.T) {
				Check(ft, Grace(shortGrace))
				var inner sync.WaitGroup
				inner.Go(func() {
					inner.Go(func() { own[i] = leakUnderPprofLabels(t, i+1, block) })
				})
				inner.Wait()
			})
		})
	}
	wg.Wait()
	for i, f := range fakes {
		if got := reportedIDs(f.Report()); !sameGoroutines(got, own[i]) {
			t.Errorf("test %d reported %v, want its own %v:\n%s", i, got, own[i], f.Report())
		}
	}
}

// Without leash keeping the label, tests that run at once do not find
// those leaks: what TestCheckCatchesLeaksUnderPprofLabels checks is the
// label's doing.
func TestCheckPprofLabelsNeedTheLabelKept(t *testing.T) {
	testlabels.Set(func(ctx context.Context) context.Context { return ctx })
	defer testlabels.Set(keepTestLabel)
	block, release := blockOnGlobal()
	defer release()
	var wg sync.WaitGroup
	fakes := make([]*faket.T, 3)
	for i := range fakes {
		wg.Go(func() {
			fakes[i] = faket.Run(t, fmt.Sprint("TestUnkept", i), func(ft *faket.T) {
				Check(ft, Grace(shortGrace))
				leakUnderPprofLabels(t, 2, block)
			})
		})
	}
	wg.Wait()
	for i, f := range fakes {
		if f.Failed() {
			t.Errorf("test %d found its leaks without the label kept:\n%s", i, f.Report())
		}
	}
}

func TestCheckCatchesLeaksUnderPprofDo(t *testing.T) {
	// The test's goroutine relabels itself, then starts goroutines: their
	// creator, alive, is the test's goroutine, in any test.
	t.Run("started by the test's goroutine", func(t *testing.T) {
		var own []int64
		f := faket.Run(t, "TestDo", func(ft *faket.T) {
			Check(ft, Grace(shortGrace))
			ids := make(chan int64)
			leak := func() {
				ids <- currentID()
				dead := make(chan int)
				//leash:ignore blockingsend a deliberate leak, for the check under test to find
				<-dead
			}
			pprof.Do(context.Background(), pprof.Labels("worker", "a"), func(context.Context) {
				go leak()
				own = append(own, <-ids)
			})
			// pprof.Do restored the labels of its context, without the test's.
			go leak()
			own = append(own, <-ids)
			pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("worker", "b")))
			go leak()
			own = append(own, <-ids)
		})
		if got := reportedIDs(f.Report()); !slices.Equal(sorted(got), sorted(own)) {
			t.Errorf("reported %v, want %v:\n%s", got, own, f.Report())
		}
	})
	// A worker that relabelled itself starts a goroutine and exits: the
	// goroutine carries no test's label and its creator is gone. A test
	// that ran alone answers for it.
	t.Run("started by a relabelled goroutine that exited", func(t *testing.T) {
		var leaked int64
		f := faket.Run(t, "TestServerWorkers", func(ft *faket.T) {
			Check(ft, Grace(shortGrace))
			ids := make(chan int64)
			done := make(chan struct{})
			go func() {
				defer close(done)
				pprof.Do(context.Background(), pprof.Labels("worker", "1"), func(context.Context) {
					go func() {
						ids <- currentID()
						dead := make(chan int)
						//leash:ignore blockingsend a deliberate leak, for the check under test to find
						<-dead
					}()
				})
			}()
			leaked = <-ids
			<-done
		})
		r := f.Report()
		if ids := reportedIDs(r); !slices.Equal(ids, []int64{leaked}) {
			t.Errorf("reported %v, want %d:\n%s", ids, leaked, r)
		}
		if !strings.Contains(r, "has exited while TestServerWorkers ran and no other test did") {
			t.Errorf("report does not say why the goroutine is charged:\n%s", r)
		}
	})
}

func TestCheckCatchesTimerCallbacks(t *testing.T) {
	var leaked int64
	f := faket.Run(t, "TestTimer", func(ft *faket.T) {
		Check(ft, Grace(shortGrace))
		ids := make(chan int64)
		time.AfterFunc(time.Millisecond, func() {
			ids <- currentID()
			dead := make(chan int)
			//leash:ignore blockingsend a deliberate leak, for the check under test to find
			<-dead
		})
		leaked = <-ids
	})
	r := f.Report()
	if ids := reportedIDs(r); !slices.Equal(ids, []int64{leaked}) {
		t.Errorf("reported %v, want the timer's goroutine %d:\n%s", ids, leaked, r)
	}
	if !strings.Contains(r, "charged     started by a time.AfterFunc callback while TestTimer ran and no other test did") {
		t.Errorf("report does not say why the goroutine is charged:\n%s", r)
	}
}

// Tests that run at once cannot tell whose timer started a goroutine:
// none is charged with it, and each still reports its own.
func TestCheckNeverChargesANeighboursOrphans(t *testing.T) {
	const tests = 4
	ch, release := blockOnGlobal()
	defer release()
	fakes := make([]*faket.T, tests)
	own := make([]int64, tests)
	var wg sync.WaitGroup
	for i := range tests {
		wg.Go(func() {
			fakes[i] = faket.Run(t, fmt.Sprint("TestNeighbour", i), func(ft *faket.T) {
				Check(ft, Grace(shortGrace))
				ids := make(chan int64)
				go func() { ids <- currentID(); <-ch }()
				own[i] = <-ids
				started := make(chan struct{})
				time.AfterFunc(0, func() { close(started); <-ch })
				<-started
			})
		})
	}
	wg.Wait()
	for i, f := range fakes {
		r := f.Report()
		if ids := reportedIDs(r); !slices.Equal(ids, []int64{own[i]}) {
			t.Errorf("test %d reported %v, want only its own %d:\n%s", i, ids, own[i], r)
		}
		if strings.Contains(r, "time.AfterFunc") {
			t.Errorf("test %d was charged with a timer's goroutine while others ran:\n%s", i, r)
		}
	}
}
