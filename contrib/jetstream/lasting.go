package jetstream

import (
	"errors"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

// lasting reports whether a failed fetch will fail again however long the
// worker waits, so that Consume returns the error instead of retrying: the
// connection is closed, the consumer or its stream is gone, or the server
// rejects the request itself. Everything else — a missed heartbeat, a change
// of leader, a server restarting, too many waiting pulls — passes, and the
// fetch is retried.
func lasting(err error) bool {
	for _, target := range []error{
		nats.ErrConnectionClosed,
		natsjs.ErrConnectionClosed,
		natsjs.ErrConsumerDeleted,
		natsjs.ErrConsumerNotFound,
		natsjs.ErrStreamNotFound,
		natsjs.ErrBadRequest,
		natsjs.ErrJetStreamNotEnabled,
		natsjs.ErrJetStreamNotEnabledForAccount,
	} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}
