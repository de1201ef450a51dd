// Not a leak: a worker parks for good beside the goroutine that consumes a
// broker's deliveries, the keep-alive of the RabbitMQ tutorial. Nothing
// was ever meant to send on forever: no code but the receive holds it, and
// the consumer runs for as long as the deliveries come, as a server's
// goroutine runs for as long as its server. The return after the wait is
// there for the compiler. Fine as is.
// A leak: the same worker whose consumer returns on the first failure.
// Once it has, nothing is left that could have been meant to end the wait.
package devshapes

import "errors"

type delivery struct{ body []byte }

// A broker's client: what Consume returns is made and closed out of sight.
type broker interface {
	Consume(queue string) (<-chan delivery, error)
}

func handle(d delivery) error {
	if len(d.body) == 0 {
		return errors.New("empty")
	}
	return nil
}

func runWorker(b broker) error {
	msgs, err := b.Consume("email")
	if err != nil {
		return err
	}
	forever := make(chan bool)
	go func() {
		for d := range msgs {
			if err := handle(d); err != nil {
				continue
			}
		}
	}()
	<-forever
	return nil
}

func runWorkerUntilFailure(b broker) error {
	msgs, err := b.Consume("email")
	if err != nil {
		return err
	}
	forever := make(chan bool)
	go func() {
		for d := range msgs {
			if err := handle(d); err != nil {
				return
			}
		}
	}()
	<-forever // want `receive from forever blocks forever: nothing sends on it or closes it`
	return nil
}
