// Not a leak: a condition polled by one goroutine at a time, as assertion
// libraries wait for one (Eventually). The tick case turns itself off
// (tick = nil) when it starts the goroutine, and only the receive of its
// result turns it back on, so at most one send is owed, and the buffer of
// one holds it when the timer wins. Fine as is.
// A leak: the same loop when the tick case stays on, so a slow condition
// has a second goroutine started before the first has sent.
package devshapes

import "time"

func eventually(condition func() bool, waitFor, tickEvery time.Duration) bool {
	ch := make(chan bool, 1)
	timer := time.NewTimer(waitFor)
	defer timer.Stop()
	ticker := time.NewTicker(tickEvery)
	defer ticker.Stop()
	for tick := ticker.C; ; {
		select {
		case <-timer.C:
			return false
		case <-tick:
			tick = nil
			go func() { ch <- condition() }()
		case v := <-ch:
			if v {
				return true
			}
			tick = ticker.C
		}
	}
}

func eventuallyEveryTick(condition func() bool, waitFor, tickEvery time.Duration) bool {
	ch := make(chan bool, 1)
	timer := time.NewTimer(waitFor)
	defer timer.Stop()
	ticker := time.NewTicker(tickEvery)
	defer ticker.Stop()
	for tick := ticker.C; ; {
		select {
		case <-timer.C:
			return false
		case <-tick:
			go func() { ch <- condition() }() // want `send on ch can block forever`
		case v := <-ch:
			if v {
				return true
			}
		}
	}
}

func eventuallyRearmedAtOnce(condition func() bool, waitFor, tickEvery time.Duration) bool {
	ch := make(chan bool, 1)
	timer := time.NewTimer(waitFor)
	defer timer.Stop()
	ticker := time.NewTicker(tickEvery)
	defer ticker.Stop()
	for tick := ticker.C; ; {
		select {
		case <-timer.C:
			return false
		case <-tick:
			tick = nil
			go func() { ch <- condition() }() // want `send on ch can block forever`
			tick = ticker.C
		case v := <-ch:
			if v {
				return true
			}
		}
	}
}
