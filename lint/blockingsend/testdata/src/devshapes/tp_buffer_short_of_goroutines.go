// A leak: the bug behind fp_buffer_one_send_each.go, with a buffer one short. Why a bug:
// each of the two loops sends once before it returns; when the receiver leaves on its own
// shutdown, the buffer holds one of the two values, and the other sender waits forever.
// Fix: make(chan error, 2). Not reported by default: the receiver leaves on a context kept
// in a field, the session's own, which ends when the session is stopped — out of sight, and
// on the repositories measured mostly at shutdown. -blockingsend.audit reports it.
package devshapes

import "context"

func (s *session) runShort() {
retry:
	ctx, cancel := context.WithCancel(context.Background())
	errCh := make(chan error, 1)
	go s.heartbeatLoop(ctx, errCh)
	go s.eventsLoop(ctx, errCh) // the same leak
	select {
	case <-s.ctx.Done():
	case <-errCh:
	}
	cancel()
	select {
	case <-s.ctx.Done():
		return
	default:
		goto retry
	}
}
