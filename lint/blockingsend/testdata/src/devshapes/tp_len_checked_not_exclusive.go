// Leaks that look like a queue guarded by its mutex (see
// fp_len_checked_under_lock.go), where the length checked does not hold
// by the time of the operation. Why bugs: a receive checked with
// len(ch) > 0 waits when another goroutine takes the value first (one
// that receives without the mutex, or while the checker has released it
// in a Cond's Wait), or when the length checked is another channel's;
// while it waits it holds the mutex the senders need.
package devshapes

import "sync"

// One receive is made without the mutex: it can empty the channel between
// drainLocked's check and its receive.
type stealQueue struct {
	mu sync.Mutex
	ch chan int
}

func newStealQueue(n int) *stealQueue { return &stealQueue{ch: make(chan int, n)} }

func (q *stealQueue) put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.ch) < cap(q.ch) {
		q.ch <- v
	}
}

func (q *stealQueue) drainLocked() {
	for len(q.ch) > 0 {
		<-q.ch
	}
}

func (q *stealQueue) reset() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.drainLocked() // want `call of drainLocked while holding q.mu can block forever: it receives from q.ch`
}

func (q *stealQueue) steal() int { return <-q.ch }

// The helper is also called without the mutex: its check and its receive
// race with every other receive.
type looseQueue struct {
	mu sync.Mutex
	ch chan int
}

func newLooseQueue(n int) *looseQueue { return &looseQueue{ch: make(chan int, n)} }

func (q *looseQueue) put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.ch) < cap(q.ch) {
		q.ch <- v
	}
}

func (q *looseQueue) drainLocked() {
	for len(q.ch) > 0 {
		<-q.ch
	}
}

func (q *looseQueue) reset() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.drainLocked() // want `call of drainLocked while holding q.mu can block forever: it receives from q.ch`
}

func (q *looseQueue) resetUnlocked() { q.drainLocked() }

// The check is made before a Cond's Wait, which releases the mutex: once
// it returns, another reader may have taken the value (if, where a for
// loop is needed).
type waitQueue struct {
	mu   sync.Mutex
	cond *sync.Cond
	ch   chan int
}

func newWaitQueue(n int) *waitQueue {
	q := &waitQueue{ch: make(chan int, n)}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *waitQueue) put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.ch) < cap(q.ch) {
		q.ch <- v
		q.cond.Signal()
	}
}

func (q *waitQueue) popLocked() int {
	if len(q.ch) == 0 {
		q.cond.Wait()
	}
	return <-q.ch
}

func (q *waitQueue) get() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.popLocked() // want `call of popLocked while holding q.mu can block forever: it receives from q.ch`
}

// The length checked is another channel's.
type twoQueue struct {
	mu      sync.Mutex
	ch, old chan int
}

func newTwoQueue(n int) *twoQueue { return &twoQueue{ch: make(chan int, n), old: make(chan int, n)} }

func (q *twoQueue) put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.ch) < cap(q.ch) {
		q.ch <- v
	}
}

func (q *twoQueue) drainLocked() {
	for len(q.old) > 0 {
		<-q.ch
	}
}

func (q *twoQueue) reset() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.drainLocked() // want `call of drainLocked while holding q.mu can block forever: it receives from q.ch`
}

// No mutex at all: len of an unbuffered channel is always 0, so the
// receiver returns without receiving and the sender blocks forever.
func pollResult(compute func() int) (int, bool) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want `send on ch can block forever`
	}()
	if len(ch) > 0 {
		return <-ch, true
	}
	return 0, false
}

// The check is made under a read lock: two readers can both see the one
// value, and the second waits for another, holding the lock the writer
// needs.
type readQueue struct {
	mu sync.RWMutex
	ch chan int
}

func newReadQueue(n int) *readQueue { return &readQueue{ch: make(chan int, n)} }

func (q *readQueue) put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.ch) < cap(q.ch) {
		q.ch <- v
	}
}

func (q *readQueue) takeLocked() int {
	if len(q.ch) > 0 {
		return <-q.ch
	}
	return 0
}

func (q *readQueue) get() int {
	q.mu.RLock()
	defer q.mu.RUnlock()
	return q.takeLocked() // want `call of takeLocked while holding q.mu can block forever: it receives from q.ch`
}
