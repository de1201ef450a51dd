// FP shape (issue 9, shape 5; outside the triage sample): a handshake whose receiver is a loop
// that always comes back to the select, taken for a receive in another function that only
// observes the channel's close.
// From: containerd internal/eventq/eventq.go:144 (Shutdown: defer close(eq.shutdownC);
// eq.shutdownC <- struct{}{}; the report named Send's `case <-eq.shutdownC:` as the receiver).
// Why harmless: the queue goroutine's only exit is the shutdownC case, so it is always there
// to take the send; Send's receive from shutdownC is a close observer. (The loop receives
// through the local variables the struct is built from, as in the original; the check only
// matched receives written as field selectors.)
package devshapes

type eventQueue struct {
	events    chan string
	shutdownC chan struct{}
}

func newEventQueue(deliver func(string)) *eventQueue {
	events := make(chan string)
	shutdownC := make(chan struct{})
	go func() {
		for {
			select {
			case <-shutdownC:
				return
			case ev := <-events:
				deliver(ev)
			}
		}
	}()
	return &eventQueue{events: events, shutdownC: shutdownC}
}

func (eq *eventQueue) Shutdown() {
	defer close(eq.shutdownC)
	eq.shutdownC <- struct{}{}
}

func (eq *eventQueue) Send(ev string) {
	select {
	case <-eq.shutdownC:
	case eq.events <- ev:
	}
}
