package leashtest

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/leash-go/leash/leashtest/internal/faket"
)

// In a synctest bubble time is exact: a goroutine that ends 1ms before the
// grace period is over passes, one that ends 1ms after fails.
func TestGraceBoundary(t *testing.T) {
	const grace = 100 * time.Millisecond
	synctest.Test(t, func(t *testing.T) {
		inside := faket.Run(t, "TestInside", func(t *faket.T) {
			Check(t, Grace(grace))
			go time.Sleep(grace - time.Millisecond)
		})
		if inside.Failed() {
			t.Errorf("a goroutine ending within the grace period was reported:\n%s", inside.Report())
		}
		start := time.Now()
		outside := faket.Run(t, "TestOutside", func(t *faket.T) {
			Check(t, Grace(grace))
			go time.Sleep(grace + time.Millisecond)
		})
		if took := time.Since(start); took != grace {
			t.Errorf("the check took %v, want exactly the grace period, %v", took, grace)
		}
		if !strings.Contains(outside.Report(), "1 goroutine [sleep (durable)]: lingering: still running 100ms after the test ended") {
			t.Errorf("a goroutine outliving the grace period was not reported as lingering:\n%s", outside.Report())
		}
		time.Sleep(time.Millisecond) // let it end before the bubble does
	})
}

func TestGraceZero(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		f := faket.Run(t, "TestImpatient", func(t *faket.T) {
			Check(t, Grace(0))
			go time.Sleep(time.Millisecond)
		})
		if took := time.Since(start); took != 0 {
			t.Errorf("the check waited %v with Grace(0)", took)
		}
		if !strings.Contains(f.Report(), "lingering") {
			t.Errorf("a goroutine alive at the end was not reported with Grace(0):\n%s", f.Report())
		}
		time.Sleep(time.Millisecond)
	})
}

// With Grace(0) and the runtime's leak profile, a goroutine still alive is
// still told apart as proven leaked or lingering.
func TestGraceZeroStillProves(t *testing.T) {
	if leakProfile == nil {
		t.Skip("the runtime has no goroutine leak profile: build with GOEXPERIMENT=goroutineleakprofile or Go 1.27")
	}
	f := faket.Run(t, "TestImpatient", func(t *faket.T) {
		Check(t, Grace(0))
		ids := make(chan int64)
		go func() {
			ids <- currentID()
			dead := make(chan int)
			dead <- 1
		}()
		// With no grace period there is one look: the goroutine must be
		// blocked by then.
		waitUntilBlocked(<-ids, "chan send")
	})
	if !strings.Contains(f.Report(), "1 goroutine [chan send]: leaked") {
		t.Errorf("no proven leak with Grace(0):\n%s", f.Report())
	}
}

// waitUntilBlocked waits until the goroutine id is in state.
func waitUntilBlocked(id int64, state string) {
	for {
		for _, g := range parseDump(goroutineDump()) {
			if g.ID == id && g.State == state {
				return
			}
		}
		time.Sleep(time.Millisecond)
	}
}
