package blockingsend

import (
	"os"
	"os/signal"
)

// Waiting for the cleanup that a signal triggers, the shape of
// nats-io/stan.go's examples/stan-sub (package signalwait has it whole):
// the goroutine can leave its range only by the send and the return after
// it, or if signalChan is closed, and nothing closes it — it is made here
// and only handed to signal.Notify, which never closes the channels it is
// given. So the goroutine never returns without the send, and nothing is
// reported.
func CleanupOnSignal(unsubscribe func()) {
	signalChan := make(chan os.Signal, 1)
	cleanupDone := make(chan bool)
	signal.Notify(signalChan, os.Interrupt)
	go func() {
		for range signalChan {
			unsubscribe()
			cleanupDone <- true
			return
		}
	}()
	<-cleanupDone
}

// The same, with the range left by a break before the send on some path:
// the goroutine can return without sending.
func CleanupOrBreak(unsubscribe func() error) {
	signalChan := make(chan os.Signal, 1)
	cleanupDone := make(chan bool)
	signal.Notify(signalChan, os.Interrupt)
	go func() {
		for range signalChan {
			if err := unsubscribe(); err != nil {
				break
			}
			cleanupDone <- true
			return
		}
	}()
	<-cleanupDone // want `receive from cleanupDone blocks forever when the goroutine started at line \d+ returns at line \d+ without sending on it or closing it`
}

// The same, with the signal channel closed once the signals are stopped:
// the range ends, and the goroutine returns without sending.
func CleanupClosed(unsubscribe func()) {
	signalChan := make(chan os.Signal, 1)
	cleanupDone := make(chan bool)
	signal.Notify(signalChan, os.Interrupt)
	go func() {
		for range signalChan {
			unsubscribe()
			cleanupDone <- true
			return
		}
	}()
	<-cleanupDone // want `receive from cleanupDone blocks forever when the goroutine started at line \d+ returns at line \d+ without sending on it or closing it`
	signal.Stop(signalChan)
	close(signalChan)
}

// signalWatcher keeps its signal channel for stop, another function, to
// close.
type signalWatcher struct {
	signals chan os.Signal
}

func (w *signalWatcher) stop() {
	defer close(w.signals)
	signal.Stop(w.signals)
}

// The same, with the signal channel closed by another function of the
// package.
func CleanupWatched(unsubscribe func()) *signalWatcher {
	signalChan := make(chan os.Signal, 1)
	cleanupDone := make(chan bool)
	signal.Notify(signalChan, os.Interrupt)
	w := &signalWatcher{signals: signalChan}
	go func() {
		for range signalChan {
			unsubscribe()
			cleanupDone <- true
			return
		}
	}()
	<-cleanupDone // want `receive from cleanupDone blocks forever when the goroutine started at line \d+ returns at line \d+ without sending on it or closing it`
	return w
}

// stopSignals stops the signals and closes their channel.
func stopSignals(c chan os.Signal) {
	signal.Stop(c)
	close(c)
}

// The same, with the signal channel handed to a function of the package
// that closes it.
func CleanupStopped(unsubscribe func()) {
	signalChan := make(chan os.Signal, 1)
	cleanupDone := make(chan bool)
	signal.Notify(signalChan, os.Interrupt)
	defer stopSignals(signalChan)
	go func() {
		for range signalChan {
			unsubscribe()
			cleanupDone <- true
			return
		}
	}()
	<-cleanupDone // want `receive from cleanupDone blocks forever when the goroutine started at line \d+ returns at line \d+ without sending on it or closing it`
}

// A look-alike that is harmless: the goroutine returns without answering
// only once stopped is closed, and stopped is closed only after the
// answer was received. From: honeycombio/refinery cmd/refinery/main.go:309.
func ExitOnSignal(stopAll func()) {
	sigs := make(chan os.Signal, 1)
	exitWait := make(chan struct{})
	stopped := make(chan struct{})
	signal.Notify(sigs, os.Interrupt)
	go func() {
		for {
			select {
			case <-sigs:
				close(exitWait)
			case <-stopped:
				return
			}
		}
	}()
	<-exitWait
	stopAll()
	close(stopped)
}

// The same with stopped closed before the wait: the goroutine can return
// first, and the receive waits forever.
func ExitOnSignalStoppedFirst(stopAll func()) {
	sigs := make(chan os.Signal, 1)
	exitWait := make(chan struct{})
	stopped := make(chan struct{})
	signal.Notify(sigs, os.Interrupt)
	go func() {
		for {
			select {
			case <-sigs:
				close(exitWait)
			case <-stopped:
				return
			}
		}
	}()
	close(stopped)
	<-exitWait // want `receive from exitWait blocks forever when the goroutine started at line \d+ returns at line \d+ without sending on it or closing it`
	stopAll()
}
