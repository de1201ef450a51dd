//go:build go1.21

// Look-alikes that are harmless: the goroutine ends by sending on a channel
// the round receives from on every way on, so it is done with the loop
// variable before the variable changes. From: knative eventing-kafka
// pkg/common/consumer/consumer_handler.go:158 (one Handle goroutine per
// message, its result received in every case of the select that follows).
package loopcapture

import "time"

func handle(msg string) bool { return msg != "" }

func consume(msgs []string, stop <-chan struct{}, timeout time.Duration) {
	c := make(chan bool)
	for _, msg := range msgs {
		go func() {
			ok := handle(msg)
			c <- ok
		}()
		var ok bool
		select {
		case ok = <-c:
		case <-stop:
			select {
			case <-time.After(timeout):
				ok = <-c
			case ok = <-c:
			}
		}
		_ = ok
	}
}

// A case of the select that returns instead ends the loop: msg is not
// assigned again, whenever the goroutine reads it. From: XiaoMi Gaea
// proxy/server/executor.go:814 (a statement per goroutine, the round
// waiting for its result or returning on the request's timeout).
func consumeOrQuit(msgs []string, stop <-chan struct{}) {
	c := make(chan bool, len(msgs))
	for _, msg := range msgs {
		go func() {
			c <- handle(msg)
		}()
		select {
		case <-c:
		case <-stop:
			return
		}
	}
}

// Not so when a case of the select can go on to the next round without
// taking the value: the goroutine may still be reading msg.
func consumeOrSkip(msgs []string, skip <-chan struct{}) {
	c := make(chan bool, len(msgs))
	for _, msg := range msgs {
		go func() {
			c <- handle(msg) // want `goroutine captures loop variable msg`
		}()
		select {
		case <-c:
		case <-skip:
			continue
		}
	}
}

// Nor with a default case, nor when another goroutine sends on the same
// channel: the value taken may be the other's.
func consumeNoWait(msgs []string) {
	c := make(chan bool, 1)
	for _, msg := range msgs {
		go func() {
			c <- handle(msg) // want `goroutine captures loop variable msg`
		}()
		select {
		case <-c:
		default:
		}
	}
}

func consumeShared(msgs []string) {
	c := make(chan bool)
	go func() { c <- true }()
	for _, msg := range msgs {
		go func() {
			c <- handle(msg) // want `goroutine captures loop variable msg`
		}()
		<-c
	}
}

func report(c chan<- bool) { c <- false }

// Nor when the channel is handed to code that may send on it too.
func consumeHanded(msgs []string) {
	c := make(chan bool, 1)
	report(c)
	for _, msg := range msgs {
		go func() {
			c <- handle(msg) // want `goroutine captures loop variable msg`
		}()
		<-c
	}
}
