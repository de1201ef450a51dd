package blockingsend

import (
	"sync"
	"testing"
	"time"
)

// A leak that happens only once the test has failed: t.Fatal ends it.
func TestTimeout(t *testing.T) {
	errc := make(chan error)
	go func() { errc <- work() }()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Second):
		t.Fatal("timed out")
	}
}

// The same after t.Error: the test has failed already.
func TestTimeoutError(t *testing.T) {
	errc := make(chan error)
	go func() { errc <- work() }()
	select {
	case <-errc:
	case <-time.After(time.Second):
		t.Error("timed out")
		return
	}
}

// The test fails at the first error; the done channel is closed only once
// every sender is done, so leaving through it leaves none behind.
func TestAddAll(t *testing.T) {
	var wg sync.WaitGroup
	errCh := make(chan error)
	for range 10 {
		wg.Go(func() {
			if err := work(); err != nil {
				errCh <- err
			}
		})
	}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		wg.Wait()
	}()
	select {
	case err := <-errCh:
		t.Fatal(err)
	case <-finished:
	}
}
