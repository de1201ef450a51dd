package eval

import (
	"fmt"
	"testing"
	"time"

	"github.com/leash-go/leash/leashtest"
	"github.com/leash-go/leash/leashtest/internal/faket"
	"go.uber.org/goleak"
)

// The checkers compared, each as a test would call it first thing.
var checkers = []struct {
	name  string
	check func(t *faket.T)
}{
	{"leashtest.Check", func(t *faket.T) { leashtest.Check(t) }},
	{"goleak.VerifyNone+IgnoreCurrent", func(t *faket.T) {
		opt := goleak.IgnoreCurrent()
		t.Cleanup(func() { goleak.VerifyNone(t, opt) })
	}},
}

// Bodies of clean tests.
var cleanBodies = []struct {
	name string
	body func()
}{
	{"no goroutines", func() {}},
	{"goroutines that finished", func() {
		done := make(chan struct{})
		for range 4 {
			go func() { done <- struct{}{} }()
		}
		for range 4 {
			<-done
		}
	}},
}

// BenchmarkCheckClean measures what a test that leaks nothing pays for its
// leak check, in a process with idle goroutines started before the test (as
// a package's shared servers or pools would be).
func BenchmarkCheckClean(b *testing.B) {
	for _, idle := range []int{0, 8, 64} {
		stop := startIdle(idle)
		for _, body := range cleanBodies {
			for _, c := range checkers {
				b.Run(fmt.Sprintf("idle=%d/%s/%s", idle, body.name, c.name), func(b *testing.B) {
					for b.Loop() {
						t := faket.Run(b, "TestClean", func(t *faket.T) {
							c.check(t)
							body.body()
						})
						if t.Failed() {
							b.Fatalf("a clean test failed:\n%s", t.Report())
						}
					}
				})
			}
		}
		stop()
	}
}

// BenchmarkNoCheck is the cost of the fake test alone.
func BenchmarkNoCheck(b *testing.B) {
	for b.Loop() {
		faket.Run(b, "TestClean", func(t *faket.T) { cleanBodies[1].body() })
	}
}

func idleLoop(stop <-chan struct{}) { <-stop }

func startIdle(n int) (stop func()) {
	ch := make(chan struct{})
	for range n {
		go idleLoop(ch)
	}
	return func() { close(ch); time.Sleep(10 * time.Millisecond) }
}
