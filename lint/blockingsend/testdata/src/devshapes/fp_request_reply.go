// A look-alike that is harmless: request/reply, where every requester waits for the reply
// on the channel it sent. From: thanos cmd/thanos/rule.go:730 (case reloadMsg :=
// <-reloadWebhandler: ...; reloadMsg <- err; the HTTP handler does reloadWebhandler <-
// reloadMsg; err := <-reloadMsg). Why harmless: the reply channel is made by the requester,
// which blocks on it right after sending it; the reply is always received. (The real hazard
// here is the other way round: the handler's send on reloadWebhandler blocks once the loop
// has returned on ctx.Done.
package devshapes

import "context"

func reloadLoop(ctx context.Context, reqs <-chan chan error, reload func() error) error {
	for {
		select {
		case reply := <-reqs:
			err := reload()
			reply <- err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func requestReload(reqs chan<- chan error) error {
	reply := make(chan error)
	reqs <- reply
	return <-reply
}
