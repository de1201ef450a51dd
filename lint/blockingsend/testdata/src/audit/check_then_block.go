// A leak: a loop polls ctx.Done without blocking, then sends outside any select, so a send
// started just before (or after) the receiver left blocks forever. From: containerd
// integration/container_event_test.go:128 (listenToEventChannel; events nobody reads after
// a failed check or at the end of the test block it past t.Cleanup(cancel)); thanos
// pkg/receive/config.go:379 (updates <- cfg in ConfigFromWatcher; the receiving run.Group
// actor can be gone, and a blocked actor keeps run.Group, i.e. process shutdown, from
// returning). Fix: select { case ch <- v: case <-ctx.Done(): return }.
package audit

import "context"

func listen(ctx context.Context, recv func() (string, error), out chan<- string) {
	for {
		ev, err := recv()
		select {
		case <-ctx.Done():
			return
		default:
		}
		if err != nil {
			return
		}
		out <- ev // want `send on out ignores <-ctx.Done\(\)`
	}
}
