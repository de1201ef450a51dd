// A look-alike that is harmless: net.Listen in a goroutine that has a
// context. From: seaweedfs weed/command/s3.go:407 (go func() { l, err :=
// net.Listen("unix", socket); ... httpS.Serve(l) }() beside a shutdown
// context). Why harmless: binding a socket waits for no peer; a context
// handed to net.ListenConfig would cut short at most the resolution of a
// host name. Dialing from the same goroutine is still reported.
package ctxgoroutine

import (
	"context"
	"net"
	"net/http"
)

func serveUnix(ctx context.Context, socket string, h http.Handler) {
	go func() {
		l, err := net.Listen("unix", socket)
		if err != nil {
			return
		}
		srv := &http.Server{Handler: h}
		go func() { <-ctx.Done(); srv.Close() }()
		srv.Serve(l)
	}()
}

func dialUpstream(ctx context.Context, addr string, out chan<- net.Conn) {
	go func() {
		c, err := net.Dial("tcp", addr) // want `net.Dial cannot be cancelled although the goroutine has ctx: use \(&net.Dialer\{\}\).DialContext`
		if err != nil {
			return
		}
		select {
		case out <- c:
		case <-ctx.Done():
			c.Close()
		}
	}()
}
