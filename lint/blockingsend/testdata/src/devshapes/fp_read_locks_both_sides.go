package devshapes

import "sync"

// A channel that a read lock guards on both sides: the receiver waits
// holding a read lock, and the closer takes only a read lock too. Read
// locks do not wait for each other, so the closer gets through and the
// receive ends.
type lockedChan struct {
	mu sync.RWMutex
	ch chan int
}

func newLockedChan() *lockedChan { return &lockedChan{ch: make(chan int)} }

func (lc *lockedChan) Close() {
	lc.mu.RLock()
	defer lc.mu.RUnlock()
	close(lc.ch)
}

func (lc *lockedChan) Recv() (int, bool) {
	lc.mu.RLock()
	defer lc.mu.RUnlock()
	v, ok := <-lc.ch
	return v, ok
}

// The same channel whose closer takes the write lock: it waits for the
// receiver's read lock, and the receiver for the close.
type writeLockedChan struct {
	mu sync.RWMutex
	ch chan int
}

func newWriteLockedChan() *writeLockedChan { return &writeLockedChan{ch: make(chan int)} }

func (lc *writeLockedChan) Close() {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	close(lc.ch)
}

func (lc *writeLockedChan) Recv() (int, bool) {
	lc.mu.RLock()
	defer lc.mu.RUnlock()
	v, ok := <-lc.ch // want `receive from lc.ch while holding lc.mu can block forever: its closer \(Close, line 41\) needs lc.mu too; unlock before waiting`
	return v, ok
}
