package jetstream

import (
	"sync"
	"time"
)

// A progress tells the server, every so often while a task runs, that the
// task is still working on its message (InProgress), so that the server
// does not hand the message to another worker when its ack deadline passes.
// Without it, a task that runs longer than the consumer's AckWait would be
// run twice at once, by two workers.
type progress struct {
	signal func() error  // sends InProgress
	failed func(error)   // reports a signal that could not be sent
	every  time.Duration // how often to signal

	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
	pending sync.WaitGroup // the timer's function, scheduled or running
}

// startProgress signals every d until stop is called.
func startProgress(d time.Duration, signal func() error, failed func(error)) *progress {
	p := &progress{signal: signal, failed: failed, every: d}
	p.pending.Add(1)
	p.mu.Lock()
	p.timer = time.AfterFunc(d, p.fire)
	p.mu.Unlock()
	return p
}

func (p *progress) fire() {
	defer p.pending.Done()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	if err := p.signal(); err != nil {
		// The server may now give the message to another worker; the
		// task goes on, as its result may still be acknowledged in time.
		p.failed(err)
		return
	}
	p.pending.Add(1)
	p.timer.Reset(p.every)
}

// stop ends the signals and returns once none is being sent, so that the
// message can be acknowledged: a signal sent after the ack would fail.
func (p *progress) stop() {
	p.mu.Lock()
	p.stopped = true
	if p.timer.Stop() {
		p.pending.Done() // the function will not run
	}
	p.mu.Unlock()
	p.pending.Wait()
}
