package blockingsend

import (
	"context"
	"testing"
	"time"
)

// An agent whose receiving loop leaves when its context ends.
type agent struct{ statusCh chan int }

func newAgent() *agent { return &agent{statusCh: make(chan int)} }

func (a *agent) Run(ctx context.Context) {
	for {
		select {
		case <-a.statusCh:
		case <-ctx.Done():
			return
		}
	}
}

// Fine: a test's own body feeding its fake; if it blocks, the test's
// timeout says where.
func TestAgent(t *testing.T) {
	a := newAgent()
	a.statusCh <- 1
}

type suite struct{}

// Fine: the same in a test suite's method.
func (suite) TestAgentSuite(t *testing.T) {
	a := newAgent()
	a.statusCh <- 2
}

// Fine: the first goroutine is answered (or the test ends) before the
// second starts; one buffered slot is enough.
func TestTimeouts(t *testing.T) {
	done := make(chan struct{}, 1)
	go func() { done <- struct{}{} }()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("wait timeout")
	}
	go func() { done <- struct{}{} }()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("wait timeout")
	}
}
