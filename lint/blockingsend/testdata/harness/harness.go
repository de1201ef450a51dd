// Not a leak outside a failing test: a test harness kept in a non-test
// file (a package only the integration tests import) waits for one
// message with a timeout, and fails the test through testify when the
// wait gives up. Shape of a harness helper: receive one message from a
// stream in a goroutine; select on it, its error and time.After.
package harness

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type harness struct{ *testing.T }

type stream interface{ Recv() (string, error) }

func (h *harness) receiveOne(s stream) string {
	msgs := make(chan string)
	errs := make(chan error)
	go func() {
		msg, err := s.Recv()
		if err != nil {
			errs <- err
			return
		}
		msgs <- msg
	}()
	select {
	case <-time.After(time.Second):
		require.Fail(h, "timeout", "timeout receiving a message")
	case err := <-errs:
		require.Failf(h, "stream error", "received err from stream: %v", err)
	case msg := <-msgs:
		return msg
	}
	return ""
}
