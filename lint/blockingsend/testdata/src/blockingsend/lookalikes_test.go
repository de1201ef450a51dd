package blockingsend

import (
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
