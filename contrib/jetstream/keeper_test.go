package jetstream

import (
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	natsjs "github.com/nats-io/nats.go/jetstream"
)

// signalMsg is a message whose InProgress calls signal.
type signalMsg struct {
	natsjs.Msg // nil: only InProgress is used
	signal     func() error
}

func (m signalMsg) InProgress() error { return m.signal() }

// release returns only once no signal is being sent, and none is sent after
// it: a message is acknowledged right after, and a signal after the ack
// would fail. (Real time: under synctest a goroutine waiting for a mutex
// keeps the bubble's clock still.)
func TestKeeperReleaseWaitsForSignalInFlight(t *testing.T) {
	begun, release := make(chan struct{}), make(chan struct{})
	var signals atomic.Int64
	k := newKeeper(10*time.Millisecond, func(h *held, err error) { t.Errorf("failed(%v) for a signal that was sent", err) })
	go k.run()
	defer k.end()
	h := &held{msg: signalMsg{signal: func() error {
		if signals.Add(1) == 1 {
			close(begun)
			<-release // a slow network
		}
		return nil
	}}}
	k.keep(h, 10*time.Millisecond)
	<-begun
	var released atomic.Bool
	var atRelease int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		k.release(h)
		atRelease = signals.Load()
		released.Store(true)
	}()
	time.Sleep(50 * time.Millisecond)
	if released.Load() {
		t.Error("release returned while a signal was being sent")
	}
	close(release)
	<-done
	time.Sleep(50 * time.Millisecond)
	if n := signals.Load(); n != atRelease {
		t.Errorf("%d signals after release", n-atRelease)
	}
}

// Each message is signalled at least every its every, and not much more
// often; a signal that cannot be sent is reported once, and that message's
// signals stop while the others' go on.
func TestKeeperSignalsEachMessage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errClosed := errors.New("connection closed")
		var failures atomic.Int64
		k := newKeeper(time.Second, func(h *held, err error) {
			if !errors.Is(err, errClosed) {
				t.Errorf("failed(%v), want the signal's error", err)
			}
			failures.Add(1)
		})
		go k.run()
		defer k.end()
		type record struct {
			every   time.Duration
			signals []time.Time
			failAt  int // the signal that fails; 0: none
		}
		records := []*record{{every: time.Second}, {every: 3 * time.Second}, {every: time.Second, failAt: 3}}
		start := time.Now()
		for _, r := range records {
			k.keep(&held{msg: signalMsg{signal: func() error {
				r.signals = append(r.signals, time.Now())
				if len(r.signals) == r.failAt {
					return errClosed
				}
				return nil
			}}}, r.every)
		}
		time.Sleep(30 * time.Second)
		synctest.Wait()
		for i, r := range records {
			last := start
			for _, s := range r.signals {
				if gap := s.Sub(last); gap > r.every || gap < r.every*3/4 {
					t.Errorf("message %d: signalled %v after the last, want between %v and %v", i, gap, r.every*3/4, r.every)
				}
				last = s
			}
			if r.failAt > 0 && len(r.signals) != r.failAt {
				t.Errorf("message %d: %d signals, want them to stop at the failed one (%d)", i, len(r.signals), r.failAt)
			}
			if r.failAt == 0 && len(r.signals) < int(30*time.Second/r.every) {
				t.Errorf("message %d: %d signals in 30s, want one every %v", i, len(r.signals), r.every)
			}
		}
		if failures.Load() != 1 {
			t.Errorf("%d failures reported, want 1", failures.Load())
		}
	})
}
