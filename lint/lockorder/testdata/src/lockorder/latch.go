package lockorder

import "sync"

// dnsServer calls NotifyStarted once it listens.
type dnsServer struct {
	NotifyStarted func()
}

func (s *dnsServer) serve() {
	if s.NotifyStarted != nil {
		s.NotifyStarted()
	}
}

// Fine: a mutex used as a latch. Its Unlock is handed to the server as a
// function value, which calls it from the serving goroutine once it is
// listening; the second Lock waits for that, not for this goroutine.
func startAndWait(s *dnsServer) {
	var started sync.Mutex
	started.Lock()
	s.NotifyStarted = started.Unlock
	go s.serve()
	started.Lock()
}

// A look-alike without the hand-off: nothing else unlocks it.
func startAndWaitForgot(s *dnsServer) {
	var started sync.Mutex
	started.Lock()
	go s.serve()
	started.Lock() // want `started locked again while this goroutine holds it`
}
