package driver

import (
	"errors"
	"strings"
)

// goCommandError rewords a failure of the go command, which go/packages
// reports as "err: exit status 1: stderr: go: ...", into what the go
// command said, and adds what to do when the module needs a newer Go than
// the one on the PATH: nothing of the module can be checked then, and the
// cause is the toolchain, not the code.
func goCommandError(err error) error {
	msg := err.Error()
	if _, stderr, ok := strings.Cut(msg, "stderr: "); ok && strings.HasPrefix(msg, "err: ") {
		msg = "the go command failed: " + strings.TrimSpace(stderr)
	}
	if strings.Contains(msg, "requires go >=") {
		msg += "\n\tthe module needs a newer Go than the go command on the PATH: build leash with that Go and run it with the same GOTOOLCHAIN (e.g. GOTOOLCHAIN=go1.27.3)"
	}
	return errors.New(msg)
}
