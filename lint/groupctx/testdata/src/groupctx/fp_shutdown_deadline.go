// Fine: once the group's context is done, the task shuts its server down
// with a deadline derived from the parent context — the group's context is
// cancelled already and could give none. A use of the parent outside that
// case is still reported.
package groupctx

import (
	"context"
	"net/http"
	"time"

	"golang.org/x/sync/errgroup"
)

func serveUntilDone(parent context.Context, srv *http.Server) error {
	g, ctx := errgroup.WithContext(parent)
	g.Go(func() error {
		errc := make(chan error, 1)
		go func() { errc <- srv.ListenAndServe() }()
		select {
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(parent, 10*time.Second)
			defer cancel()
			return srv.Shutdown(sctx)
		case err := <-errc:
			return err
		}
	})
	g.Go(func() error {
		req, err := http.NewRequestWithContext(parent, "GET", "http://localhost/healthz", nil) // want `task uses parent, which is not cancelled when another task fails`
		if err != nil {
			return err
		}
		_, err = http.DefaultClient.Do(req)
		return err
	})
	return g.Wait()
}
