package leashtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// Callers that arrive while a collection runs share the next one: two
// collections serve them all.
func TestCoalescerSharesCollections(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var starts atomic.Int64
		c := newCoalescer(func() int64 {
			n := starts.Add(1)
			time.Sleep(10 * time.Millisecond)
			return n
		})
		results := make([]int64, 16)
		var wg sync.WaitGroup
		wg.Go(func() { results[0] = c.get() })
		time.Sleep(time.Millisecond) // the first collection is running
		for i := 1; i < len(results); i++ {
			wg.Go(func() { results[i] = c.get() })
		}
		wg.Wait()
		if n := starts.Load(); n != 2 {
			t.Errorf("%d collections, want 2", n)
		}
		if results[0] != 1 {
			t.Errorf("first caller got collection %d, want 1", results[0])
		}
		for i, r := range results[1:] {
			if r != 2 {
				t.Errorf("caller %d, arrived during the first collection, got collection %d, want 2", i+1, r)
			}
		}
	})
}

// Whenever callers arrive and however long collections take, each caller
// gets a collection that started after it asked.
func TestCoalescerNeverReturnsAnEarlierCollection(t *testing.T) {
	for seed := range uint64(50) {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(seed, seed))
				var mu sync.Mutex
				var starts int64
				durations := make([]time.Duration, 100)
				for i := range durations {
					durations[i] = time.Duration(rng.IntN(5)) * time.Millisecond
				}
				c := newCoalescer(func() int64 {
					mu.Lock()
					starts++
					n := starts
					mu.Unlock()
					time.Sleep(durations[n%int64(len(durations))])
					return n
				})
				var wg sync.WaitGroup
				for range 40 {
					arrive := time.Duration(rng.IntN(20)) * time.Millisecond
					wg.Go(func() {
						time.Sleep(arrive)
						mu.Lock()
						before := starts
						mu.Unlock()
						if got := c.get(); got <= before {
							t.Errorf("a caller that arrived after %d collections started got collection %d", before, got)
						}
					})
				}
				wg.Wait()
				if starts >= 40 {
					t.Errorf("%d collections for 40 callers: nothing was shared", starts)
				}
			})
		})
	}
}

// A collection that panics panics in the caller that ran it; the callers
// waiting for it run one of their own instead of waiting forever.
func TestCoalescerPanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var starts atomic.Int64
		c := newCoalescer(func() int64 {
			n := starts.Add(1)
			time.Sleep(time.Millisecond)
			if n == 1 {
				panic("collection failed")
			}
			return n
		})
		var wg sync.WaitGroup
		wg.Go(func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "collection failed") {
					t.Errorf("the collecting caller recovered %v, want the collection's panic", r)
				}
			}()
			c.get()
		})
		time.Sleep(time.Microsecond)
		var got int64
		wg.Go(func() { got = c.get() })
		wg.Wait()
		if got != 2 {
			t.Errorf("waiting caller got collection %d, want 2", got)
		}
	})
}
