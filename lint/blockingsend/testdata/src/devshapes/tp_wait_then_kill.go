// A leak: the goroutine sends what a child process's Wait returns, and the
// function that waits for it gives up on ctx.Done(), kills the process and
// returns: Wait then returns and the send has no receiver. Unlike a
// server's Serve, this runs once per call (each plugin stopped), so the
// goroutines pile up. From: ava-labs/avalanchego's
// vms/rpcchainvm/runtime/subprocess/linux_stopper.go:38. Fix:
// make(chan error, 1).
package devshapes

import (
	"context"
	"net/http"
	"os/exec"
)

func stopProcess(ctx context.Context, cmd *exec.Cmd) error {
	waitc := make(chan error)
	go func() {
		waitc <- cmd.Wait() // want `send on waitc can block forever`
	}()
	select {
	case err := <-waitc:
		return err
	case <-ctx.Done():
		_ = cmd.Process.Kill()
		return ctx.Err()
	}
}

// Still reported: a goroutine that sends before its server runs (a
// listener that fails to open) as well as after.
func listenThenServe(ctx context.Context, s *http.Server, open func() (interface{ Close() error }, error)) error {
	errc := make(chan error)
	go func() {
		if _, err := open(); err != nil {
			errc <- err // want `send on errc can block forever`
			return
		}
		errc <- s.ListenAndServe()
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return s.Shutdown(context.Background())
	}
}
