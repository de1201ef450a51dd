package lockorder

// The same guard, with a writer that forgets to end it: the next writer
// locks the connection's mutex again.

func (c *wireConn) writeRecent() error {
	enc := newWireEncoder(c)
	return enc.write("RECENT")
}

func (c *wireConn) writeStatus() error {
	if err := c.writeRecent(); err != nil {
		return err
	}
	return c.writeFlags() // want `writeFlags locks c.encMu \(guard_ok.go:20, in newWireEncoder\) while this goroutine holds it \(writeRecent returns with it locked, line 12\)`
}

// The session's close, when the Unlock it defers comes after the receiver
// is replaced and only on one branch: a session without a timeout keeps
// the store locked, and the next load locks it again.

func (ss storeSession) closeTimed() {
	ss = ss.withoutTimeout()
	if ss.timeout {
		defer ss.store.mu.Unlock()
	}
	ss.store.loads++
}

func (s *sessionStore) doTimed(fn func(storeSession) error) error {
	ss := s.start()
	defer ss.closeTimed()
	return fn(ss)
}

func (s *sessionStore) runTimed() error {
	if err := s.doTimed(func(storeSession) error { return nil }); err != nil {
		return err
	}
	return s.doTimed(func(storeSession) error { return nil }) // want `doTimed locks s.mu \(guard_ok.go:69, in start\) while this goroutine holds it \(doTimed returns with it locked, line 37\)`
}
