package jetstream

import (
	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

// A Msg is what a task is given of the message it handles: its subject,
// headers and payload, and where it stands in the stream and the consumer —
// notably Metadata.NumDelivered, 1 the first time and more on every retry.
//
// A Msg carries no way to acknowledge the message: Consume acknowledges it
// from what the task returns, so that no path through a task can forget to,
// or do it twice.
type Msg struct {
	Subject  string
	Header   nats.Header
	Data     []byte
	Metadata natsjs.MsgMetadata
}
