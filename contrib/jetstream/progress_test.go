package jetstream

import (
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// stop returns only once no signal is being sent, and none is sent after
// it: a message is acknowledged right after, and a signal after the ack
// would fail. (Real time: under synctest a goroutine waiting for a mutex
// keeps the bubble's clock still.)
func TestProgressStopWaitsForSignalInFlight(t *testing.T) {
	begun, release := make(chan struct{}), make(chan struct{})
	var signals atomic.Int64
	p := startProgress(10*time.Millisecond, func() error {
		if signals.Add(1) == 1 {
			close(begun)
			<-release // a slow network
		}
		return nil
	}, func(err error) { t.Errorf("failed(%v) for a signal that was sent", err) })
	<-begun
	var stopped atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.stop()
		stopped.Store(true)
	}()
	time.Sleep(50 * time.Millisecond)
	if stopped.Load() {
		t.Error("stop returned while a signal was being sent")
	}
	close(release)
	<-done
	time.Sleep(50 * time.Millisecond)
	if n := signals.Load(); n != 1 {
		t.Errorf("%d signals after stop", n-1)
	}
}

// A signal that cannot be sent is reported once, and the signals stop.
func TestProgressReportsFailedSignal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errClosed := errors.New("connection closed")
		var signals, failures atomic.Int64
		p := startProgress(time.Second, func() error {
			if signals.Add(1) == 3 {
				return errClosed
			}
			return nil
		}, func(err error) {
			if !errors.Is(err, errClosed) {
				t.Errorf("failed(%v), want the signal's error", err)
			}
			failures.Add(1)
		})
		time.Sleep(10 * time.Second)
		p.stop()
		if signals.Load() != 3 || failures.Load() != 1 {
			t.Errorf("%d signals and %d failures reported, want 3 and 1", signals.Load(), failures.Load())
		}
	})
}
