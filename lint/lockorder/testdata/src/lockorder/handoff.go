package lockorder

import (
	"errors"
	"sync"
)

// Locks handed to the caller by contract: the function returns holding
// the lock on the path its result names, and every caller unlocks there.

type needleMap struct {
	access sync.RWMutex
	db     map[int]int
}

func (m *needleMap) load() error {
	if m.db == nil {
		m.db = make(map[int]int)
	}
	return nil
}

// Fine: ensureLoaded returns with m.access read-locked when its error is
// nil, and both its callers unlock on that path, one with a deferred
// RUnlock, one directly. From: seaweedfs
// weed/storage/needle_map_leveldb.go (ensureLdbLoaded, Get, Delete).
func (m *needleMap) ensureLoaded() error {
	m.access.RLock()
	if m.db != nil {
		return nil
	}
	m.access.RUnlock()
	m.access.Lock()
	if err := m.load(); err != nil {
		m.access.Unlock()
		return err
	}
	m.access.Unlock()
	m.access.RLock()
	return nil
}

func (m *needleMap) Get(key int) (int, bool) {
	if err := m.ensureLoaded(); err != nil {
		return 0, false
	}
	defer m.access.RUnlock()
	v, ok := m.db[key]
	return v, ok
}

func (m *needleMap) Len() int {
	err := m.ensureLoaded()
	if err != nil {
		return 0
	}
	n := len(m.db)
	m.access.RUnlock()
	return n
}

// Fine: the same contract told by a boolean, and the function is
// exported: code outside the package may call it, but every caller the
// package shows unlocks where it reports true.
type table struct {
	mu    sync.Mutex
	ready bool
	rows  []string
}

func (t *table) LockIfReady() bool {
	t.mu.Lock()
	if t.ready {
		return true
	}
	t.mu.Unlock()
	return false
}

func (t *table) rowCount() int {
	if !t.LockIfReady() {
		return -1
	}
	defer t.mu.Unlock()
	return len(t.rows)
}

// A caller that forgets the contract: on the nil-error path it returns
// still holding the read lock, so the contract is not shown and the
// early return is reported.
type docStore struct {
	mu   sync.RWMutex
	data map[string]string
}

func (s *docStore) ensureOpen() error {
	s.mu.RLock() // want `s.mu is read-locked here and still held when the function returns at line \d+`
	if s.data != nil {
		return nil
	}
	s.mu.RUnlock()
	s.mu.Lock()
	s.data = make(map[string]string)
	s.mu.Unlock()
	s.mu.RLock()
	return nil
}

func (s *docStore) get(k string) (string, error) {
	if err := s.ensureOpen(); err != nil {
		return "", err
	}
	defer s.mu.RUnlock()
	return s.data[k], nil
}

func (s *docStore) has(k string) bool {
	if err := s.ensureOpen(); err != nil {
		return false
	}
	_, ok := s.data[k] // never unlocked
	return ok
}

// A result that does not tell the paths apart: the early return that
// keeps the lock gives nil, and so does the return that has released it.
type fillCache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *fillCache) fill() error {
	c.mu.Lock() // want `c.mu is locked here and still held when the function returns at line \d+`
	if c.items != nil {
		return nil
	}
	c.items = make(map[string]int)
	c.mu.Unlock()
	return nil
}

func (c *fillCache) size() int {
	if err := c.fill(); err != nil {
		return 0
	}
	defer c.mu.Unlock()
	return len(c.items)
}

// A function used as a value: its callers are out of sight.
type connPool struct {
	mu    sync.Mutex
	conns []int
}

var errEmpty = errors.New("empty")

func (p *connPool) lockNonEmpty() error {
	p.mu.Lock() // want `p.mu is locked here and still held when the function returns at line \d+`
	if len(p.conns) > 0 {
		return nil
	}
	p.mu.Unlock()
	return errEmpty
}

func (p *connPool) first() int {
	if err := p.lockNonEmpty(); err != nil {
		return -1
	}
	defer p.mu.Unlock()
	return p.conns[0]
}

var poolCheck = (*connPool).lockNonEmpty

// A look-alike that is harmless: the function returns the mutex it locked,
// and with it the lock, as a function returning an open file hands over
// the duty to close it. From: open-policy-agent/gatekeeper
// pkg/export/disk/locks.go:40 (acquireCurrentConnectionLock).
type connWriter struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (w *connWriter) acquire(name string) (*sync.Mutex, bool) {
	for {
		w.mu.Lock()
		l, ok := w.locks[name]
		w.mu.Unlock()
		if !ok {
			return nil, false
		}
		l.Lock()
		w.mu.Lock()
		current := w.locks[name] == l
		w.mu.Unlock()
		if current {
			return l, true
		}
		l.Unlock()
	}
}

// The same returning something else: the lock is kept where no caller can
// reach it.
func (w *connWriter) acquireLost(name string) bool {
	for {
		w.mu.Lock()
		l, ok := w.locks[name]
		w.mu.Unlock()
		if !ok {
			return false
		}
		l.Lock() // want `l is locked here and still held when the function returns`
		w.mu.Lock()
		current := w.locks[name] == l
		w.mu.Unlock()
		if current {
			return true
		}
		l.Unlock()
	}
}
