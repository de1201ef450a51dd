// Leaks: the bugs behind the timer-drain look-alikes (fp_timer_drain_*.go), where the code
// shows a path that takes the timer's value, or stops the timer, and then drains it with
// no Reset in between. Why a bug: Stop returns false, there is no value left to take, and
// the drain waits forever. Fix: drop the drain (since Go 1.23 Stop and Reset discard a
// pending value), or clear a flag where the value is taken and drain only while it is set.
package devshapes

import (
	"context"
	"time"
)

// The flag is never cleared where the timer's case takes the value.
func probeLoopNoClear(ctx context.Context, events <-chan int, delay time.Duration, probe func()) {
	timer := time.NewTimer(delay)
	defer timer.Stop()
	timerRunning := true
	for {
		select {
		case <-events:
		case <-timer.C:
			probe()
		case <-ctx.Done():
			return
		}
		if timerRunning && !timer.Stop() {
			<-timer.C // want `receive from timer.C can block forever: the select at line \d+ may already have taken the timer's value`
		}
		timer.Reset(delay)
		timerRunning = true
	}
}

// The drain runs on the branch where the timer's case was taken.
func sendLoopWrongBranch(queue <-chan []byte, delay time.Duration, write func([]byte)) {
	pollTimer := time.NewTimer(delay)
	for {
		var p []byte
		pollTimerExpired := false
		select {
		case p = <-queue:
		case <-pollTimer.C:
			pollTimerExpired = true
		}
		if pollTimerExpired {
			if !pollTimer.Stop() {
				<-pollTimer.C // want `receive from pollTimer.C can block forever: the select at line \d+ may already have taken the timer's value`
			}
		}
		pollTimer.Reset(delay)
		write(p)
	}
}

// No Reset before the select: once the timer's case has taken the value, the
// next round's send case drains a timer that has nothing left to send.
func forwardNoReset(in <-chan *message, out chan<- *message, timeout time.Duration, dropped func(*message)) {
	timer := time.NewTimer(timeout)
	for msg := range in {
		select {
		case out <- msg:
			if !timer.Stop() {
				<-timer.C // want `receive from timer.C can block forever: the select at line \d+ may already have taken the timer's value`
			}
		case <-timer.C:
			dropped(msg)
		}
	}
}

// The first round stops the timer (or drains it); the next round's Stop
// returns false, and nothing is left to drain.
func stopEachEvent(events <-chan int, timer *time.Timer, handle func(int)) {
	for ev := range events {
		if !timer.Stop() {
			<-timer.C // want `receive from timer.C can block forever: the drain itself may already have taken the timer.s value in an earlier round`
		}
		handle(ev)
	}
}

type jitter struct {
	c    chan time.Time
	quit chan struct{}
}

// The quit case stops the timer but stays in the loop: once quit is
// closed it wins every round, and the second round's Stop returns false
// with nothing left to drain. The bug is the missing return, not the
// drain: without the drain the loop would spin.
func (j *jitter) run(next func() time.Duration) {
	timer := time.NewTimer(next())
	for {
		select {
		case t := <-timer.C:
			timer.Reset(next())
			select {
			case j.c <- t:
			default:
			}
		case <-j.quit:
			if !timer.Stop() {
				<-timer.C // want `receive from timer.C can block forever: the case <-j.quit \(line \d+\) does not leave the loop, so once it is ready it runs again and its drain waits for the value the first round took; return from that case`
			}
		}
	}
}

// A select break leaves only the select: still the same finding.
func (j *jitter) runBreak(next func() time.Duration) {
	timer := time.NewTimer(next())
	for {
		select {
		case <-timer.C:
			timer.Reset(next())
		case <-j.quit:
			if !timer.Stop() {
				<-timer.C // want `the case <-j.quit \(line \d+\) does not leave the loop`
			}
			break
		}
	}
}
