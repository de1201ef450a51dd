package afterstop

import "testing"

// Fine by default: a test that stops the service and then submits is no
// evidence about the code that runs in production.
func TestSubmitAfterStop(t *testing.T) {
	s := newService()
	s.Stop()
	go s.Submit(1)
}
