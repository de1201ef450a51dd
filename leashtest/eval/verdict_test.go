package eval

import (
	"runtime/pprof"
	"testing"

	"github.com/leash-go/leash/leashtest"
	"github.com/leash-go/leash/leashtest/internal/faket"
	"go.uber.org/goleak"
)

// BenchmarkVerdict measures how long a test that leaks one goroutine takes
// to end with a report, from the end of its body to the report.
func BenchmarkVerdict(b *testing.B) {
	b.Run("proven/leashtest.Check", func(b *testing.B) {
		if pprof.Lookup("goroutineleak") == nil {
			b.Skip("the runtime has no goroutine leak profile")
		}
		for b.Loop() {
			t := faket.Run(b, "TestLeak", func(t *faket.T) {
				leashtest.Check(t)
				go func() {
					ch := make(chan int)
					ch <- 1 // nobody can receive: proven leaked
				}()
			})
			mustFail(b, t)
		}
	})
	b.Run("lingering/leashtest.Check", func(b *testing.B) {
		for b.Loop() {
			release := make(chan struct{})
			t := faket.Run(b, "TestLeak", func(t *faket.T) {
				leashtest.Check(t)
				go blockOn(release)
			})
			close(release)
			mustFail(b, t)
		}
	})
	b.Run("any/goleak.VerifyNone", func(b *testing.B) {
		for b.Loop() {
			release := make(chan struct{})
			t := faket.Run(b, "TestLeak", func(t *faket.T) {
				opt := goleak.IgnoreCurrent()
				t.Cleanup(func() { goleak.VerifyNone(t, opt) })
				go blockOn(release)
			})
			close(release)
			mustFail(b, t)
		}
	})
}

// blocked is reachable from a global: the runtime cannot prove a goroutine
// waiting on it leaked.
var blocked = make(chan chan struct{}, 1)

func blockOn(release chan struct{}) {
	select {
	case blocked <- release:
		<-blocked
	default:
	}
	<-release
}

func mustFail(b *testing.B, t *faket.T) {
	b.Helper()
	if !t.Failed() {
		b.Fatalf("the leak was not reported; logs:\n%s", t.Logs())
	}
}
