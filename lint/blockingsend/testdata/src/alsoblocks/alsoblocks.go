// One leak, several operations that can strand the goroutine: one finding,
// at the first, naming each of the others (// also), since the goroutine
// stuck at run time may be at any of them.
package alsoblocks

import "math/rand"

// From the shape of grpc-go's benchmark client (GoBench Grpc660): the
// goroutine sends on one of two branches; either send is left waiting once
// stop wins the select.
func closeLoop(stop chan bool) {
	for {
		done := make(chan bool)
		go func() {
			if rand.Intn(10) > 7 {
				done <- false // want `send on done can block forever`
				return
			}
			done <- true // also
		}()
		select {
		case <-stop:
			return
		case <-done:
		}
	}
}

// A field nothing receives from, sent on in two places.
type conn struct{ closed chan error }

func newConn() *conn { return &conn{closed: make(chan error)} }

func (c *conn) onClose() {
	c.closed <- nil // want `send on c.closed blocks forever, and so does the other send on closed`
}

func (c *conn) onError(err error) {
	c.closed <- err // also
}
