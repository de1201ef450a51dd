// A look-alike that is harmless: a handshake whose receiver is a loop that
// always comes back to its select. The queue goroutine's only exit is the
// shutdownC case, so it is always there to take the send; Send's receive
// from shutdownC only observes its close. (The loop receives through the
// local variables the struct is built from.) From: containerd
// internal/eventq/eventq.go:144.
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
