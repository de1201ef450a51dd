package blockingsend

// A send reached through a chain of calls while s.mu is held. The
// receiver, syncOne (locks.go), takes s.mu after each receive.

// Reported: every step of the chain is taken; only the callee's own
// send is on a branch, which whoever reads the finding sees one hop down.
func (s *statusManager) SetStatusChain(pod string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statuses[pod] = v
	s.record(pod) // want `call of record while holding s.mu can block forever: notify sends on s.updates \(line \d+\), and the other side \(syncOne, line \d+\) needs s.mu too`
}

func (s *statusManager) record(pod string) {
	s.statuses[pod]++
	s.notify(pod)
}

// Reported: the callee sends on one branch of its own.
func (s *statusManager) SetStatusMaybe(pod string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notifyIfNew(pod, v) // want `call of notifyIfNew while holding s.mu can block forever: it sends on s.updates \(line \d+\), and the other side \(syncOne, line \d+\) needs s.mu too`
}

func (s *statusManager) notifyIfNew(pod string, v int) {
	if _, ok := s.statuses[pod]; !ok {
		s.updates <- pod
	}
	s.statuses[pod] = v
}

// Not reported: the send is two calls down, and each of those calls is
// made on a branch of its own function (in one mode, and then in one
// state): whether the chain can run at all depends on conditions spread
// over three functions.
func (s *statusManager) Rejoin(pod string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejoinOne(pod, v)
}

func (s *statusManager) rejoinOne(pod string, v int) {
	if v > 0 {
		s.toggle(pod, v)
	}
}

func (s *statusManager) toggle(pod string, v int) {
	switch v {
	case 1:
		s.notify(pod)
	}
	s.statuses[pod] = v
}

// Not reported either: the helper's call is in a loop body.
func (s *statusManager) RejoinAll(pods []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notifyEach(pods)
}

func (s *statusManager) notifyEach(pods []string) {
	for _, p := range pods {
		s.notify(p)
	}
}
