// A leak only as a server stops: the goroutine sends what its server's
// Serve returns, and the function that waits for it gives up on ctx.Done(),
// then shuts the server down, which makes Serve return: the goroutine is
// stranded, once per life of the server. From: luraproject/lura's
// transport/http/server/server.go:116 (RunServerWithLoggerFactory) and
// devopsfaith/krakend, which embeds it; zrepl's daemon/control.go:170 and
// open-policy-agent/gatekeeper's prometheus exporter are the same shape. On
// real code the check had not seen, every such finding was a leak only at
// the shutdown of the process or of a long-lived component, so only the
// audit rules count such a send.
package audit

import (
	"context"
	"net"
	"net/http"

	"google.golang.org/grpc"
)

func runServer(ctx context.Context, s *http.Server, tls bool) error {
	done := make(chan error)
	if tls {
		go func() {
			done <- s.ListenAndServeTLS("cert.pem", "key.pem") // want `send on done can block forever`
		}()
	} else {
		go func() {
			done <- s.ListenAndServe()
		}()
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return s.Shutdown(context.Background())
	}
}

func serveGRPC(ctx context.Context, s *grpc.Server, l net.Listener) error {
	errc := make(chan error)
	go func() {
		err := s.Serve(l)
		errc <- err // want `send on errc can block forever`
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		s.GracefulStop()
		return ctx.Err()
	}
}
