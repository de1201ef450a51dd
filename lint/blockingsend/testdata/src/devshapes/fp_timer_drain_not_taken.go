// A look-alike that is harmless: a timer drain on the branch where this round's select did
// not take the timer's value. From: Xray-core transport/internet/finalmask/xdns/client.go:231
// (pollTimerExpired := false; select { ... case <-pollTimer.C: pollTimerExpired = true };
// if pollTimerExpired { ... } else { if !pollTimer.Stop() { <-pollTimer.C } };
// pollTimer.Reset(pollDelay)). Why harmless: the drain runs only when the timer's case was
// not taken, and every round ends with a Reset, so no receive has taken the value since.
package devshapes

import "time"

func sendLoop(queue <-chan []byte, poll <-chan struct{}, delay time.Duration, write func([]byte)) {
	pollTimer := time.NewTimer(delay)
	for {
		var p []byte
		pollTimerExpired := false
		select {
		case p = <-queue:
		case <-poll:
		case <-pollTimer.C:
			pollTimerExpired = true
		}
		if pollTimerExpired {
			delay *= 2
		} else {
			if !pollTimer.Stop() {
				<-pollTimer.C
			}
		}
		pollTimer.Reset(delay)
		write(p)
	}
}
