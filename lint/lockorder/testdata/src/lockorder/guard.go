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
