package describe

import (
	"context"
	"sync"
	"time"
)

type stopper struct {
	mu   sync.Mutex
	stop chan struct{}
	jobs chan int
}

func (s *stopper) ShouldStop() <-chan struct{} { return s.stop }

func newStopper() *stopper { return &stopper{stop: make(chan struct{}), jobs: make(chan int)} }

// An accessor and an alias lead to the field.
func (s *stopper) wait() { // want "blocks in wait"
	<-s.ShouldStop() // want `recv stop bare \[\]`
	jobs := s.jobs
	jobs <- 1 // want `send jobs bare \[\]`
}

// A parameter of a function called once is its argument.
func consume(in chan int) { // want "blocks in consume"
	for range in { // want `range jobs bare \[\]`
	}
}

func (s *stopper) start() {
	go consume(s.jobs)
}

// A select with one case is its communication. A select can leave by a
// case that returns; by any other case only if the function does not
// receive again afterwards.
func (s *stopper) selects(ctx context.Context) int { // want "blocks in selects"
	select {
	case <-s.stop: // want `recv stop bare \[\]`
	}
	select {
	case v := <-s.jobs: // want `recv jobs case \[\]`
		return v
	case <-ctx.Done(): // want `recv \? case leaving \[\]`
	}
	select {
	case v := <-s.jobs: // want `recv jobs case \[\]`
		return v
	case <-time.After(time.Second): // want `recv \? case leaving \[\]`
	}
	return <-s.jobs // want `recv jobs bare \[\]`
}

// Locks held: a deferred unlock keeps the mutex to the end; an unlock on
// one branch only releases it for that branch.
func (s *stopper) locked(b bool) { // want "blocks in locked"
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs <- 1 // want `send jobs bare \[s.mu\]`
}

func (s *stopper) branches(b bool) { // its first operation follows an unlock: not blocking
	s.mu.Lock()
	if b {
		s.mu.Unlock()
		s.jobs <- 1 // want `send jobs bare \[\]`
		return
	}
	s.jobs <- 2 // want `send jobs bare \[s.mu\]`
	s.mu.Unlock()
	close(s.stop) // want `close stop bare \[\]`
}

// A function that unlocks first may be releasing its caller's lock: it
// does not count as blocking under that lock; its caller still blocks
// through the callee called before any unlock.
func (s *stopper) sendAndUnlock() {
	s.mu.Unlock()
	s.jobs <- 3 // want `send jobs bare \[\]`
}

func (s *stopper) viaCallee() { // want "blocks in wait"
	s.wait()
}
