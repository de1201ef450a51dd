package auditfixes

import "context"

func forward(ctx context.Context, in <-chan int, out chan<- int) error {
	for {
		select {
		case v := <-in:
			out <- v // want `send on out ignores <-ctx.Done\(\)`
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Channels kept in fields, whose receiving loop leaves on shutdown.

type agent struct{ statusCh chan int }

func newAgent() *agent { return &agent{statusCh: make(chan int)} }

func (a *agent) Run(ctx context.Context) {
	for {
		select {
		case <-a.statusCh:
		case <-ctx.Done():
			return
		}
	}
}

func (a *agent) report(ctx context.Context, epoch int) {
	a.statusCh <- epoch // want `send on a.statusCh can block forever`
}

type subscription struct {
	c      chan int
	closeC chan struct{}
}

// queue's loop leaves on shutdownC, whose handshake value a select in
// subscribe could steal; closeC, the other done channel in scope,
// subscribe has just made, so nobody else has it yet to close. No fix is
// offered.
type queue struct {
	events      chan int
	subscriberC chan subscription
	shutdownC   chan struct{}
}

func newQueue() *queue {
	q := &queue{events: make(chan int), subscriberC: make(chan subscription), shutdownC: make(chan struct{})}
	go func() {
		var subs []subscription
		for {
			select {
			case <-q.shutdownC:
				return
			case e := <-q.events:
				for _, s := range subs {
					select {
					case s.c <- e:
					case <-s.closeC:
					}
				}
			case s := <-q.subscriberC:
				subs = append(subs, s)
			}
		}
	}()
	return q
}

func (q *queue) shutdown() {
	q.shutdownC <- struct{}{}
}

func (q *queue) subscribe(c chan int) {
	s := subscription{c: c, closeC: make(chan struct{})}
	q.subscriberC <- s // want `send on q.subscriberC can block forever.*give the sender a done channel or context to select on`
}

func (s subscription) close() { close(s.closeC) }

type pool struct {
	jobs chan func()
	done chan struct{}
}

func newPool() *pool {
	p := &pool{jobs: make(chan func()), done: make(chan struct{})}
	go func() {
		for {
			select {
			case job := <-p.jobs:
				job()
			case <-p.done:
				return
			}
		}
	}()
	return p
}

func (p *pool) stop() { close(p.done) }

func (p *pool) execute(ctx context.Context, job func()) {
	p.jobs <- job // want `send on p.jobs can block forever.*send in a select with <-p.done too`
}

// The send does not start its line: the select goes on with the line's
// indentation, not one tab a column.
func (p *pool) executeLater(job func()) {
	go func() { p.jobs <- job }() // want `send on p.jobs can block forever.*send in a select with <-p.done too`
}
