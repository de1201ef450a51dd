package lockorder

import "sync"

// A goroutine holds no lock when it starts: a Cond's Wait as its first call
// unlocks an L it does not hold.

type notifier struct {
	lock sync.Mutex
	cond *sync.Cond
	done bool
}

// after runs f in a goroutine of its own and tells when it is over.
func after(f func()) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		f()
	}()
	return ch
}

func (n *notifier) serviceLoop(abort <-chan struct{}) {
	n.lock.Lock()
	defer n.lock.Unlock()
	ch := after(func() {
		n.cond.Wait() // want `n.cond.Wait\(\) is the first call of a goroutine \(started at line \d+\), which holds no lock there`
	})
	select {
	case <-abort:
		n.cond.Signal()
		<-ch
	case <-ch:
	}
}

func (n *notifier) waitInBackground() {
	go func() {
		for !n.done {
			n.cond.Wait() // want `n.cond.Wait\(\) is the first call of a goroutine`
		}
	}()
}

// Fine: the goroutine locks L before it waits.
func (n *notifier) waitLocked() {
	go func() {
		n.cond.L.Lock()
		for !n.done {
			n.cond.Wait()
		}
		n.cond.L.Unlock()
	}()
}

// Fine: a helper that waits is called with the lock held; it is no
// goroutine of its own.
func (n *notifier) awaitDone() {
	for !n.done {
		n.cond.Wait()
	}
}

func (n *notifier) finish() {
	n.lock.Lock()
	n.awaitDone()
	n.lock.Unlock()
}

// Fine: run calls f where it is, not in a goroutine, and its caller holds
// the lock.
func run(f func()) { f() }

func (n *notifier) waitHere() {
	n.lock.Lock()
	run(func() { n.cond.Wait() })
	n.lock.Unlock()
}

// Fine: the lock is taken by a call before the Wait.
func (n *notifier) lockThenWait() {
	go func() {
		n.lockIt()
		n.cond.Wait()
		n.lock.Unlock()
	}()
}

func (n *notifier) lockIt() { n.lock.Lock() }
