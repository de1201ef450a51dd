// A look-alike that is harmless: a timer drain in another case of a select that a loop
// repeats, with a Reset before the select every round. From: go-redis pubsub.go:790 and
// :844 (timer.Reset(c.chanSendTimeout); select { case c.msgCh <- msg: if !timer.Stop() {
// <-timer.C }; case <-timer.C: ... }). Why harmless: the Reset rearms the timer before each
// select, so when the send wins, no receive has taken the timer's value since: Stop returns
// false only once the value is there to take.
package devshapes

import "time"

type message struct{ payload string }

func forward(in <-chan *message, out chan<- *message, timeout time.Duration, dropped func(*message)) {
	timer := time.NewTimer(time.Minute)
	timer.Stop()
	for msg := range in {
		timer.Reset(timeout)
		select {
		case out <- msg:
			if !timer.Stop() {
				<-timer.C
			}
		case <-timer.C:
			dropped(msg)
		}
	}
}
