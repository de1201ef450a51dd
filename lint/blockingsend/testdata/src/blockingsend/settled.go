package blockingsend

import "sync"

// A future: Complete and Cancel close one of two channels under the lock
// and then set done. A waiter that finds done true under the same lock
// finds one of the channels closed: its select returns at once.

type future struct {
	mu        sync.Mutex
	done      bool
	completed chan struct{}
	cancelled chan struct{}
	result    int
	attached  []*future
}

func newFuture() *future {
	return &future{completed: make(chan struct{}), cancelled: make(chan struct{})}
}

func (f *future) complete(v int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done {
		return
	}
	f.result = v
	close(f.completed)
	f.done = true
}

func (f *future) cancel() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done {
		return
	}
	close(f.cancelled)
	f.done = true
}

// Fine: done is true only after a close, so one case is ready.
func (f *future) attach(g *future) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done {
		select {
		case <-f.completed:
			g.complete(f.result)
		case <-f.cancelled:
			g.cancel()
		}
		return
	}
	f.attached = append(f.attached, g)
}

// Fine: the same with one channel, when every write of the flag follows
// its close.
func (o *once) valueIfDone() (int, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.done && o.value >= 0 {
		<-o.ready
		return o.value, true
	}
	return 0, false
}

type once struct {
	mu    sync.Mutex
	done  bool
	value int
	ready chan struct{}
}

func newOnce() *once { return &once{ready: make(chan struct{})} }

func (o *once) set(v int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.done {
		o.value = v
		close(o.ready)
		o.done = true
	}
}

// But not with the future: done also follows the close of cancelled, so
// completed may never close.
func (f *future) resultIfDone() (int, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done && f.result >= 0 {
		<-f.completed // want `receive from f.completed while holding f.mu can block forever: its closer \(complete, line \d+\) needs f.mu too`
		return f.result, true
	}
	return 0, false
}

// A flag that one writer sets without closing anything: done true no
// longer says a channel is closed.

type leakyFuture struct {
	mu        sync.Mutex
	done      bool
	completed chan struct{}
}

func newLeakyFuture() *leakyFuture { return &leakyFuture{completed: make(chan struct{})} }

func (f *leakyFuture) complete() {
	f.mu.Lock()
	defer f.mu.Unlock()
	close(f.completed)
	f.done = true
}

func (f *leakyFuture) markDone() {
	f.mu.Lock()
	f.done = true
	f.mu.Unlock()
}

func (f *leakyFuture) wait() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done {
		<-f.completed // want `receive from f.completed while holding f.mu can block forever: its closer \(complete, line \d+\) needs f.mu too`
	}
}

// The wait on the branch where the flag is false: nothing is closed yet.
func (f *leakyFuture) waitUndone() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.done {
		<-f.completed // want `receive from f.completed while holding f.mu can block forever`
	}
}

// The flag set before the close, on a path that can return between them.

type earlyFlag struct {
	mu        sync.Mutex
	done      bool
	failed    bool
	completed chan struct{}
}

func newEarlyFlag() *earlyFlag { return &earlyFlag{completed: make(chan struct{})} }

func (f *earlyFlag) complete() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.done = true
	if f.failed {
		return
	}
	close(f.completed)
}

func (f *earlyFlag) wait() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done {
		<-f.completed // want `receive from f.completed while holding f.mu can block forever`
	}
}

// A channel made again after its close: the flag may speak for the old one.

type reopened struct {
	mu     sync.Mutex
	done   bool
	ready  chan struct{}
	signal chan struct{}
}

func newReopened() *reopened {
	return &reopened{ready: make(chan struct{}), signal: make(chan struct{})}
}

func (r *reopened) finish() {
	r.mu.Lock()
	defer r.mu.Unlock()
	close(r.ready)
	r.done = true
	r.ready = make(chan struct{})
}

func (r *reopened) wait() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done {
		<-r.ready // want `receive from r.ready while holding r.mu can block forever`
	}
}

// The flag speaks for another channel than the one waited on.
func (r *reopened) waitSignal() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done {
		<-r.signal // want `receive from r.signal while holding r.mu can block forever`
	}
}

func (r *reopened) fire() {
	r.mu.Lock()
	defer r.mu.Unlock()
	close(r.signal)
}
