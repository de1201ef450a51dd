// Not a leak: a goroutine ranges over a ticker's channel and sends on done
// when it is finished. Package time never closes a Ticker's or Timer's
// channel (Stop does not close it), so the range never ends by itself and
// the only way out of the goroutine is the return after the send. Fine as
// is.
// A leak: the same loop over a channel its producer closes, where the
// range can end without the send.
package devshapes

import "time"

func tickUntil(limit int, out chan<- int) {
	ticker := time.NewTicker(time.Millisecond)
	defer ticker.Stop()
	done := make(chan bool)
	go func() {
		n := 0
		for range ticker.C {
			n++
			out <- n
			if n >= limit {
				done <- true
				return
			}
		}
	}()
	<-done
}

func countUntil(limit int, ticks <-chan time.Time, out chan<- int) {
	done := make(chan bool)
	go func() {
		n := 0
		for range ticks {
			n++
			out <- n
			if n >= limit {
				done <- true
				return
			}
		}
	}()
	<-done // want `receive from done blocks forever when the goroutine started at line 32 returns`
}
