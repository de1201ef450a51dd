package leashtest

import (
	"github.com/leash-go/leash/leashtest/internal/faket"
	"testing"
)

// BenchmarkCheckClean measures what a test that leaks nothing pays for
// Check: the call and the check at the end, in a process with a few idle
// goroutines of its own.
func BenchmarkCheckClean(b *testing.B) {
	stop := idle(8)
	defer stop()
	b.Run("no goroutines", func(b *testing.B) {
		for b.Loop() {
			faket.Run(b, "TestClean", func(t *faket.T) { Check(t) })
		}
	})
	b.Run("goroutines that finished", func(b *testing.B) {
		for b.Loop() {
			faket.Run(b, "TestClean", func(t *faket.T) {
				Check(t)
				done := make(chan struct{})
				go close(done)
				<-done
			})
		}
	})
}

// BenchmarkRunFake is the cost of the fake test harness alone, to subtract.
func BenchmarkRunFake(b *testing.B) {
	for b.Loop() {
		faket.Run(b, "TestClean", func(t *faket.T) {})
	}
}

// idle starts n goroutines that wait until stop is called.
func idle(n int) (stop func()) {
	ch := make(chan struct{})
	for range n {
		go func() { <-ch }()
	}
	return func() { close(ch) }
}
