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

// The same guard as a value: the session method that starts one returns
// with the store's mutex locked, and the deferred close, whose value
// receiver is replaced before its deferred Unlock runs, unlocks it
// through the session's pointer to the store. Each load runs its own
// session, one after another.

type sessionStore struct {
	mu    sync.Mutex
	loads int
}

type storeSession struct {
	store   *sessionStore
	timeout bool
}

func (s *sessionStore) start() storeSession {
	s.mu.Lock() // released by storeSession.close
	return storeSession{store: s, timeout: true}
}

func (ss storeSession) withoutTimeout() storeSession {
	ss.timeout = false
	return ss
}

func (ss storeSession) close() {
	defer ss.store.mu.Unlock()
	ss = ss.withoutTimeout()
	ss.store.loads++
}

func (s *sessionStore) do(fn func(storeSession) error) error {
	ss := s.start()
	defer ss.close()
	return fn(ss)
}

func (s *sessionStore) loadPosition() error {
	return s.do(func(storeSession) error { return nil })
}

func (s *sessionStore) loadMeta() error {
	return s.do(func(storeSession) error { return nil })
}

func (s *sessionStore) run() error {
	if err := s.loadPosition(); err != nil {
		return err
	}
	return s.loadMeta()
}
