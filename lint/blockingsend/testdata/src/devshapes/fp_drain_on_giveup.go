// A look-alike that is harmless: the receiver gives up on a timeout, but hands the receive
// to a goroutine that drains the channel (and cleans up the late result). From: containerd
// pkg/dialer/dialer.go:56 (case <-time.After(timeout): close(stopC); go func() { dr :=
// <-synC; if dr != nil && dr.c != nil { dr.c.Close() } }()). Why harmless: on every path
// some goroutine receives from synC, and the sender closes it; the send completes.
package devshapes

import (
	"errors"
	"net"
	"time"
)

type dialResult struct {
	c   net.Conn
	err error
}

func timeoutDial(address string, timeout time.Duration) (net.Conn, error) {
	stopC := make(chan struct{})
	synC := make(chan *dialResult)
	go func() {
		defer close(synC)
		for {
			select {
			case <-stopC:
				return
			default:
				c, err := net.Dial("unix", address) // the original retries ENOENT here
				synC <- &dialResult{c, err}
				return
			}
		}
	}()
	select {
	case dr := <-synC:
		return dr.c, dr.err
	case <-time.After(timeout):
		close(stopC)
		go func() {
			if dr := <-synC; dr != nil && dr.c != nil {
				dr.c.Close()
			}
		}()
		return nil, errors.New("dial timeout")
	}
}
