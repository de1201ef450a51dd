package leashtest

import (
	"slices"
	"testing"

	"github.com/leash-go/leash/leashtest/internal/faket"
)

// What leashtest reads from package testing is there in this Go release.
// If this test fails, a release changed testing's fields: leashtest then
// falls back to the cautious answers (see testing.go), and the fields must
// be looked up anew.
func TestTestingInternals(t *testing.T) {
	if p, known := parallel(t); !known || p {
		t.Errorf("parallel(t) = %v, %v for a test that did not call t.Parallel; want false, true", p, known)
	}
	n, known := cleanupsRegistered(t)
	t.Cleanup(func() {})
	if m, _ := cleanupsRegistered(t); !known || m != n+1 {
		t.Errorf("cleanupsRegistered counts %d, then %d after one more cleanup (known %v)", n, m, known)
	}
	t.Run("parallel", func(t *testing.T) {
		t.Parallel()
		if p, known := parallel(t); !known || !p {
			t.Errorf("parallel(t) = %v, %v for a parallel test; want true, true", p, known)
		}
		t.Run("under a parallel test", func(t *testing.T) {
			if p, known := parallel(t); !known || !p {
				t.Errorf("parallel(t) = %v, %v for a subtest of a parallel test; want true, true", p, known)
			}
		})
	})
	// A wrapper that embeds the test says what the test says.
	faket.Run(t, "TestWrapped", func(ft *faket.T) {
		if p, known := parallel(ft); !known || p {
			t.Errorf("parallel(wrapper) = %v, %v; want false, true", p, known)
		}
		if _, known := cleanupsRegistered(ft); known {
			t.Error("cleanupsRegistered counts a wrapper's cleanups, which it may keep itself")
		}
	})
	if _, known := parallel(&stubTB{}); known {
		t.Error("parallel knows about a testing.TB that wraps no test")
	}
	root := rootOf(t)
	if root == nil || root == t || root.Name() != "" {
		t.Errorf("rootOf(t) = %v: want the unnamed test that runs the top-level tests; Main then looks after the run only", root)
	}
	t.Run("sub", func(sub *testing.T) {
		if got := rootOf(sub); got != root {
			t.Errorf("rootOf(subtest) = %p, want %p, as for its parent", got, root)
		}
	})
	tests := testsOf(mainM)
	if tests == nil || !slices.ContainsFunc(*tests, func(it testing.InternalTest) bool { return it.Name == "TestTestingInternals" }) {
		t.Error("testsOf does not find this package's tests: Main cannot check each test on its own")
	}
}

// stubTB is a testing.TB that wraps nothing.
type stubTB struct{ testing.TB }

// aliveNow never leaves out a goroutine alive when it was called, though it
// reuses the last dump when it can.
func TestAliveNow(t *testing.T) {
	self := currentID()
	goroutineDump()
	if got, last := aliveNow(self, goroutinesCreated()), lastDump.Load().ids; !slices.Equal(got, last) {
		t.Errorf("no goroutine was started, yet aliveNow took a new dump")
	}
	ch, release := blockOnGlobal()
	defer release()
	ids := make(chan int64)
	go func() { ids <- currentID(); <-ch }()
	id := <-ids
	if !aliveNow(self, goroutinesCreated()).has(id) {
		t.Errorf("aliveNow left out goroutine %d, started since the last dump", id)
	}
}
