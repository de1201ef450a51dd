// Package helpers holds functions whose summaries other packages read.
package helpers

import "context"

// SendOnce sends one value.
func SendOnce(ch chan<- int) { // want SendOnce:"summary\\(param 0: sends 1, waits\\)"
	ch <- 1
}

// SendCtx sends one value unless ctx ends first.
func SendCtx(ctx context.Context, ch chan<- int) { // want SendCtx:"summary\\(param 1: sends 0..1; param 0: watched\\)"
	select {
	case ch <- 1:
	case <-ctx.Done():
	}
}

// Drain receives until the channel is closed.
func Drain(ch <-chan int) { // want Drain:"summary\\(param 0: receives 0..many, drains, waits\\)"
	for range ch {
	}
}

// CloseAfter closes the channel on every path, once.
func CloseAfter(ch chan int, fail bool) error { // want CloseAfter:"summary\\(param 0: closes 1\\)"
	defer close(ch)
	if fail {
		return nil
	}
	return nil
}

// MaybeClose closes the channel only when all went well.
func MaybeClose(ch chan int, fail bool) { // want MaybeClose:"summary\\(param 0: closes 0..1\\)"
	if fail {
		return
	}
	close(ch)
}

// StartSender starts a goroutine that sends once.
func StartSender(ch chan<- int) { // want StartSender:"summary\\(param 0: ; in goroutines it starts: sends 1, waits\\)"
	go func() {
		ch <- 1
	}()
}

var registry []chan int

// Register stores the channel where anyone can reach it.
func Register(ch chan int) { // want Register:"summary\\(param 0: ; escapes\\)"
	registry = append(registry, ch)
}

// Forward hands the channel to SendOnce.
func Forward(ch chan int) { // want Forward:"summary\\(param 0: sends 1, waits\\)"
	SendOnce(ch)
}

// Loop sends a value per element.
func Loop(ch chan<- int, xs []int) { // want Loop:"summary\\(param 0: sends 0..many, waits\\)"
	for _, x := range xs {
		ch <- x
	}
}

// Fixed sends three values.
func Fixed(ch chan<- int) { // want Fixed:"summary\\(param 0: sends 3, waits\\)"
	for i := 0; i < 3; i++ {
		ch <- i
	}
}

type loggerKey struct{}

// Logger only reads a value from its context: no summary.
func Logger(ctx context.Context) any {
	return ctx.Value(loggerKey{})
}

// CountError hands its context to Logger only: no summary.
func CountError(ctx context.Context, err error) error {
	_ = Logger(ctx)
	return err
}

// Wait looks at its context's cancellation.
func Wait(ctx context.Context) error { // want Wait:"summary\\(param 0: watched\\)"
	<-ctx.Done()
	return ctx.Err()
}
