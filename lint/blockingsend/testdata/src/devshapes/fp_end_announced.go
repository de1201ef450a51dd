package devshapes

import "net"

type tracker struct {
	ln net.Listener
	id int32
}

// serve sends one id for each connection it accepts, from its own loop,
// until Accept fails.
func (t *tracker) serve(ids chan int32) error {
	for {
		c, err := t.ln.Accept()
		if err != nil {
			return err
		}
		c.Close()
		t.id++
		ids <- t.id
	}
}

// The receiver leaves only on the goroutine's error, which it sends once
// serve has returned: by then nothing sends on ids any more, and no send
// is stranded. From: nicocha30/ligolo-ng pkg/agent/handler.go.
func relayIDs(t *tracker, report func(int32, error)) {
	ids := make(chan int32)
	stop := make(chan error)
	go func() {
		if err := t.serve(ids); err != nil {
			stop <- err
		}
	}()
	for {
		select {
		case err := <-stop:
			report(0, err)
			return
		case id := <-ids:
			report(id, nil)
		}
	}
}

// The same, the last word sent by a deferred function: it runs once every
// send on out has been received. From: textileio/go-textile cmd/cmd.go.
func streamResults(next func() (string, bool), show func(string)) {
	out := make(chan string)
	done := make(chan struct{})
	go func() {
		defer func() {
			done <- struct{}{}
		}()
		for {
			v, ok := next()
			if !ok {
				return
			}
			out <- v
		}
	}()
	for {
		select {
		case v := <-out:
			show(v)
		case <-done:
			return
		}
	}
}
