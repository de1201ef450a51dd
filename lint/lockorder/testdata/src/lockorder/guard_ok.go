package lockorder

import "sync"

// A guard: a constructor locks the connection's mutex, and the guard's
// end method, deferred by each writer, unlocks it through the guard's own
// field. The writers run one after another without deadlock.

type wireConn struct {
	mu      sync.Mutex
	encMu   sync.Mutex
	written int
}

type wireEncoder struct {
	conn *wireConn
}

func newWireEncoder(conn *wireConn) *wireEncoder {
	conn.encMu.Lock() // released by wireEncoder.end
	return &wireEncoder{conn: conn}
}

func (enc *wireEncoder) end() {
	enc.conn.encMu.Unlock()
}

func (enc *wireEncoder) write(s string) error {
	enc.conn.written += len(s)
	return nil
}

func (c *wireConn) writeExists(n int) error {
	enc := newWireEncoder(c)
	defer enc.end()
	return enc.write("EXISTS")
}

func (c *wireConn) writeFlags() error {
	enc := newWireEncoder(c)
	defer enc.end()
	return enc.write("FLAGS")
}

func (c *wireConn) writeSelect() error {
	if err := c.writeExists(1); err != nil {
		return err
	}
	return c.writeFlags()
}
