package antipatterns

import "context"

// Event is something worth recording.
type Event struct {
	Kind    string
	Payload [64]byte
}

// NewRecorder queues events in a channel with room for 100,000 of them: a
// slow writer is hidden until memory runs out, and a restart loses
// everything queued (bigbuffer).
func NewRecorder(ctx context.Context, write func(Event) error) chan<- Event {
	events := make(chan Event, 100_000)
	go func() {
		for {
			select {
			case e := <-events:
				if err := write(e); err != nil {
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return events
}
