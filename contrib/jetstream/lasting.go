package jetstream

import (
	"errors"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

// connectionClosed is what nats.go's consumer reports when the connection
// closes under it, made to match nats.ErrConnectionClosed too, as a
// closed connection does everywhere else in nats.go.
type connectionClosed struct{ error }

func (e connectionClosed) Unwrap() []error { return []error{e.error, nats.ErrConnectionClosed} }

// withClosed returns err, matching nats.ErrConnectionClosed too when it is
// nats.go's JetStream error for a closed connection.
func withClosed(err error) error {
	if errors.Is(err, natsjs.ErrConnectionClosed) && !errors.Is(err, nats.ErrConnectionClosed) {
		return connectionClosed{err}
	}
	return err
}

// lasting reports whether a failed fetch will fail again however long the
// worker waits, so that Consume returns the error instead of retrying: the
// connection is closed, the consumer or its stream is gone, or the server,
// or nats.go, rejects the request itself. Everything else — a missed heartbeat, a change
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
		natsjs.ErrInvalidOption, // nats.go refuses the subscription: a consumer with priority groups
	} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}
