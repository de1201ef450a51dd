package order

import "testing"

func newTestReplica() *replica { return &replica{store: &store{}} }

// A test that looks inside an idle component in its own order.
func TestInside(t *testing.T) {
	r := newTestReplica()
	r.store.coalescedMu.Lock()
	defer r.store.coalescedMu.Unlock()
	r.mu.Lock()
	r.mu.Unlock()
}
