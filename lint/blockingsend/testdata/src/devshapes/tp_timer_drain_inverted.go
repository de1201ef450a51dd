// A leak: the drain's condition inverted, `if t.Stop() { <-t.C }`. Stop returns true only
// when it stopped a timer that had not fired, whose channel then never receives a value,
// so the drain waits forever every time it runs. From: vechain/thor p2p/discv5/net.go:490
// (a topic registration request while the lookup timer is armed hangs the discovery
// loop). Fix: if !t.Stop() { <-t.C }, or drop the drain (since Go 1.23 Stop and Reset
// discard a pending value).
package devshapes

import "time"

func rearmInverted(requests <-chan time.Duration, fire func()) {
	tick := time.NewTimer(time.Second)
	for {
		select {
		case d := <-requests:
			if tick.Stop() {
				<-tick.C // want `receive from tick.C blocks forever: it runs only when tick.Stop\(\) returns true`
			}
			tick.Reset(d)
		case <-tick.C:
			fire()
		}
	}
}

// The idiom, for comparison: no finding.
func rearm(requests <-chan time.Duration, fire func()) {
	tick := time.NewTimer(time.Second)
	for {
		select {
		case d := <-requests:
			if !tick.Stop() {
				select {
				case <-tick.C:
				default:
				}
			}
			tick.Reset(d)
		case <-tick.C:
			fire()
		}
	}
}
