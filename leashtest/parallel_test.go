package leashtest

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// These are real tests, checked by a real Check: if a check blamed a
// neighbour's goroutines, it would fail one of them.
//
// The holder keeps goroutines running well past the grace period of the
// quick tests, which run beside it and start and stop goroutines of their
// own.
func TestParallelNeighbours(t *testing.T) {
	t.Run("holder", func(t *testing.T) {
		t.Parallel()
		Check(t)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() { <-stop })
		}
		t.Cleanup(func() { close(stop); wg.Wait() })
		time.Sleep(300 * time.Millisecond)
	})
	for i := range 6 {
		t.Run(fmt.Sprint("quick", i), func(t *testing.T) {
			t.Parallel()
			Check(t, Grace(shortGrace))
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for range i + 1 {
				wg.Go(func() {
					var inner sync.WaitGroup
					inner.Go(func() { <-stop })
					inner.Wait()
				})
			}
			time.Sleep(time.Duration(i) * 10 * time.Millisecond)
			close(stop)
			wg.Wait()
		})
	}
}

// A test's check covers its subtests, parallel ones included, unless they
// check themselves.
func TestParallelSubtestsUnderACheck(t *testing.T) {
	Check(t)
	for i := range 4 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			if i%2 == 0 {
				Check(t)
			}
			done := make(chan struct{})
			go func() { time.Sleep(time.Millisecond); close(done) }()
			<-done
		})
	}
}
