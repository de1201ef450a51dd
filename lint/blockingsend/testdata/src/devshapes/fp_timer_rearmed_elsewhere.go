// A look-alike that is harmless: a goroutine waits on a timer kept in a struct field, round
// after round, and the methods that start each round Reset it. Looked at alone, the
// goroutine's loop takes the timer's value and takes it again with nothing rearming the
// timer in between; but other methods, run by other goroutines, rearm it. From:
// ontio/ontology consensus/dbft/dbft_service.go:76-85 (the timeout goroutine of
// NewDbftService; Reset in the view-change and block-persist handlers). Why harmless: each
// round's Reset comes from elsewhere, out of the path the loop shows.
package devshapes

import "time"

type consensus struct {
	timer   *time.Timer
	timeout func()
}

func newConsensus(timeout func()) *consensus {
	c := &consensus{timer: time.NewTimer(15 * time.Second), timeout: timeout}
	if !c.timer.Stop() {
		<-c.timer.C
	}
	go func() {
		for {
			select {
			case <-c.timer.C:
				c.timeout()
			}
		}
	}()
	return c
}

func (c *consensus) startRound(d time.Duration) {
	c.timer.Stop()
	c.timer.Reset(d)
}

// The same loop with nothing else rearming its timer: the second round
// waits forever.
func waitTwice(d time.Duration, timeout func()) {
	t := time.NewTimer(d)
	go func() {
		for {
			select {
			case <-t.C: // want `receive from t.C can block forever`
				timeout()
			}
		}
	}()
}
