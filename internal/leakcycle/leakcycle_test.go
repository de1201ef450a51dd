package leakcycle

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leash-go/leash/internal/goroutines"
)

func TestRunWithoutProfile(t *testing.T) {
	if Profile != nil {
		t.Skip("this runtime has the leak profile; TestRunKeepsTheMarks covers it")
	}
	if err := Run(t.Context(), io.Discard, func() { t.Error("read called without a cycle") }); !errors.Is(err, ErrNoProfile) {
		t.Fatalf("Run = %v, want ErrNoProfile", err)
	}
}

// While one caller reads, the marks of its cycle stay: cycles that other
// callers ask for at the same time wait for the read to end.
func TestRunKeepsTheMarks(t *testing.T) {
	if Profile == nil {
		t.Skip("the runtime has no leak profile")
	}
	id := leakOne()
	var wg sync.WaitGroup
	var active atomic.Int32
	for range 4 {
		wg.Go(func() {
			for range 5 {
				var profile bytes.Buffer
				err := Run(t.Context(), &profile, func() {
					if n := active.Add(1); n != 1 {
						t.Errorf("%d reads at once", n)
					}
					defer active.Add(-1)
					runtime.Gosched()
					if !leakedInDump(id) {
						t.Errorf("goroutine %d not marked leaked in a dump taken after the cycle", id)
					}
				})
				if err != nil {
					t.Error(err)
				}
				if !bytes.HasPrefix(profile.Bytes(), []byte("goroutineleak profile: total ")) {
					t.Errorf("profile written: %.100q", profile.String())
				}
			}
		})
	}
	wg.Wait()
}

// A caller whose context ends while another cycle runs leaves at once, with
// the context's error, and starts no cycle.
func TestRunCancelled(t *testing.T) {
	if Profile == nil {
		t.Skip("the runtime has no leak profile")
	}
	reading := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- Run(context.Background(), io.Discard, func() {
			close(reading)
			<-release
		})
	}()
	<-reading
	before := Cycles()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	err := Run(ctx, io.Discard, func() { t.Error("read called after the context ended") })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Run = %v, want the context's deadline", err)
	}
	if n := Cycles() - before; n != 0 {
		t.Errorf("%d cycles started by a cancelled Run", n)
	}
	close(release)
	if err := <-done; err != nil {
		t.Error(err)
	}
	// An already cancelled context never starts a cycle, even when the turn is free.
	cancelled, cancelNow := context.WithCancel(t.Context())
	cancelNow()
	for range 20 {
		if err := Run(cancelled, io.Discard, nil); !errors.Is(err, context.Canceled) {
			t.Fatalf("Run with a cancelled context = %v", err)
		}
	}
	if n := Cycles() - before; n != 0 {
		t.Errorf("%d cycles started by cancelled Runs", n)
	}
}

// leakOne starts a goroutine blocked forever on a channel nothing else
// references, and returns its id once it is parked.
func leakOne() int64 {
	ids := make(chan int64)
	go func() {
		ch := make(chan int)
		ids <- currentID()
		ch <- 1
	}()
	id := <-ids
	for !parkedInDump(id) {
		time.Sleep(time.Millisecond)
	}
	return id
}

func dump() []goroutines.Goroutine {
	buf := make([]byte, 1<<20)
	return goroutines.ParseDump(buf[:runtime.Stack(buf, true)])
}

func parkedInDump(id int64) bool {
	for _, g := range dump() {
		if g.ID == id {
			return g.State == "chan send"
		}
	}
	return false
}

func leakedInDump(id int64) bool {
	for _, g := range dump() {
		if g.ID == id {
			return g.Leaked
		}
	}
	return false
}

func currentID() int64 {
	var buf [64]byte
	line, _, _ := bytes.Cut(buf[:runtime.Stack(buf[:], false)], []byte("\n"))
	g, _ := goroutines.ParseHeader(line)
	return g.ID
}
