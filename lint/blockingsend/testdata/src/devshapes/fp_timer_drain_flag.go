// A look-alike that is harmless: a timer drain guarded by a flag that the timer's only
// receiver clears when it takes the value. From: go-libp2p p2p/host/autonat/autonat.go:240
// (case <-timer.C: timerRunning = false; ... if timerRunning && !timer.Stop() { <-timer.C };
// timer.Reset(...); timerRunning = true). Why harmless: the drain runs only while
// timerRunning is set, and it is set only after a Reset, when no receive has taken the
// timer's value: Stop returns false only once the value is there to take.
package devshapes

import (
	"context"
	"time"
)

func probeLoop(ctx context.Context, events <-chan int, delay time.Duration, probe func()) {
	timer := time.NewTimer(delay)
	defer timer.Stop()
	timerRunning := true
	for {
		select {
		case <-events:
		case <-timer.C:
			timerRunning = false
			probe()
		case <-ctx.Done():
			return
		}
		if timerRunning && !timer.Stop() {
			<-timer.C
		}
		timer.Reset(delay)
		timerRunning = true
	}
}
