package blockingsend

import "testing"

// Fine: a test's own body feeding its fake; if it blocks, the test's
// timeout says where.
func TestAgent(t *testing.T) {
	a := newAgent()
	a.statusCh <- 1
}
