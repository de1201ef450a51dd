package leakwatch

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeCheck makes checks take d of the bubble's time, or end with ctx, and
// return a report whose time tells them apart; it returns a function that
// restores the real check.
func fakeCheck(d time.Duration, panicFirst bool) (restore func()) {
	was := runCheck
	var mu sync.Mutex
	n := 0
	runCheck = func(ctx context.Context, sus suspicion) (Report, error) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		at := time.Now()
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return Report{}, ctx.Err()
		}
		if first && panicFirst {
			panic("check failed")
		}
		return Report{At: at, Sites: []Site{{Count: 1}}}, nil
	}
	return func() { runCheck = was }
}

// Checks asked for while one runs share it.
func TestCheckShared(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		defer fakeCheck(10*time.Millisecond, false)()
		before := checks.Load()
		reports := make([]Report, 8)
		var wg sync.WaitGroup
		for i := range reports {
			wg.Go(func() {
				time.Sleep(time.Duration(i) * time.Millisecond)
				r, err := Check(context.Background())
				if err != nil {
					t.Error(err)
				}
				reports[i] = r
			})
		}
		wg.Wait()
		if n := checks.Load() - before; n != 1 {
			t.Errorf("%d checks for 8 callers within one check's time", n)
		}
		for i, r := range reports {
			if !r.At.Equal(reports[0].At) {
				t.Errorf("caller %d got the report of %v, the first of %v", i, r.At, reports[0].At)
			}
		}
		// Each caller has its own copy of the sites.
		reports[0].Sites[0].Count = 99
		if reports[1].Sites[0].Count != 1 {
			t.Error("callers share the sites of a report")
		}
		// A check asked for after it ended is a new one.
		r, _ := Check(context.Background())
		if r.At.Equal(reports[0].At) || checks.Load()-before != 2 {
			t.Error("a check after the shared one ended returned its report")
		}
	})
}

// The caller running a shared check may leave; the others then run one of
// their own, and a caller waiting may leave at any time.
func TestCheckSharedCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		defer fakeCheck(10*time.Millisecond, false)()
		before := checks.Load()
		leaderCtx, cancelLeader := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Go(func() {
			if _, err := Check(leaderCtx); !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled leader: %v", err)
			}
		})
		time.Sleep(time.Millisecond)
		wg.Go(func() {
			r, err := Check(context.WithoutCancel(leaderCtx)) // another caller, not cancelled
			if err != nil || len(r.Sites) != 1 {
				t.Errorf("the other caller got %+v, %v; want a report of its own", r, err)
			}
		})
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Millisecond)
			defer cancel()
			start := time.Now()
			if _, err := Check(ctx); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 2*time.Millisecond {
				t.Errorf("a waiting caller whose context ended: %v after %v", err, time.Since(start))
			}
		})
		time.Sleep(3 * time.Millisecond)
		cancelLeader()
		wg.Wait()
		if n := checks.Load() - before; n != 2 {
			t.Errorf("%d checks, want 2: the cancelled one and the one run again", n)
		}
	})
}

// A check that panics panics in the caller that ran it; the others run a
// check of their own.
func TestCheckSharedPanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		defer fakeCheck(time.Millisecond, true)()
		var wg sync.WaitGroup
		wg.Go(func() {
			defer func() {
				if r := recover(); !strings.Contains(fmt.Sprint(r), "check failed") {
					t.Errorf("the caller running the check recovered %v", r)
				}
			}()
			Check(context.Background())
		})
		time.Sleep(time.Microsecond)
		wg.Go(func() {
			if r, err := Check(context.Background()); err != nil || len(r.Sites) != 1 {
				t.Errorf("the waiting caller got %+v, %v", r, err)
			}
		})
		wg.Wait()
	})
}
