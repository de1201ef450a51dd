package lockorder

import (
	"errors"
	"sync"
)

// Locking a held mutex again: directly, through methods and functions of
// the package, after a lock helper, and around a loop.

type logger struct {
	mu    sync.Mutex
	lines []string
}

func (l *logger) output(s string) {
	l.mu.Lock()
	if err := l.write(s); err != nil {
		l.exit(err) // want `exit locks l.mu \(line \d+\) while this goroutine holds it \(locked at line \d+\): sync.Mutex is not reentrant`
	}
	l.mu.Unlock()
}

func (l *logger) write(s string) error {
	if s == "" {
		return errors.New("empty line")
	}
	l.lines = append(l.lines, s)
	return nil
}

func (l *logger) exit(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, err.Error())
}

type server struct {
	mu       sync.Mutex
	draining bool
}

// GracefulStop locks twice when called a second time.
func (s *server) GracefulStop() {
	s.mu.Lock()
	if s.draining {
		s.mu.Lock() // want `s.mu locked again while this goroutine holds it \(locked at line \d+\)`
		return
	}
	s.draining = true
	s.mu.Unlock()
}

type vm struct {
	sync.Mutex
	disks []string
}

func (v *vm) hotAdd() {
	v.Lock()
	defer v.Unlock()
	v.hotRemove() // want `hotRemove locks v.Mutex`
}

func (v *vm) hotRemove() {
	v.Lock()
	defer v.Unlock()
	v.disks = v.disks[:0]
}

// Two calls deep, through a plain function that takes the value.
type cache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *cache) Refresh() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = map[string]int{}
	reload(c) // want `reload locks c.mu \(line \d+, in count\)`
}

func reload(c *cache) {
	for k := range c.items {
		_ = count(c, k)
	}
}

func count(c *cache, k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

// A package-level mutex.
var (
	registryMu sync.Mutex
	registry   = map[string]int{}
)

func Register(name string) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if !registered(name) { // want `registered locks registryMu`
		registry[name] = len(registry)
	}
}

func registered(name string) bool {
	registryMu.Lock()
	defer registryMu.Unlock()
	_, ok := registry[name]
	return ok
}

// A function that returns with the mutex locked, then a second Lock.
type gossip struct {
	mu     sync.Mutex
	closed bool
}

func (g *gossip) bootstrap() {
	for {
		g.mu.Lock() // want `g.mu is locked here and still held when the function returns`
		if g.closed {
			break
		}
		g.mu.Unlock()
	}
}

func (g *gossip) manage() {
	g.mu.Lock()
	defer g.mu.Unlock()
}

func (g *gossip) run() {
	g.bootstrap()
	g.manage() // want `manage locks g.mu \(line \d+\) while this goroutine holds it \(bootstrap returns with it locked, line \d+\)`
}

// A loop that goes round again without unlocking.
type proxy struct {
	connTrackLock sync.Mutex
}

func (p *proxy) Run(dial func() error) {
	for i := 0; i < 2; i++ {
		p.connTrackLock.Lock() // want `p.connTrackLock is locked again in the next iteration while still held`
		if err := dial(); err != nil {
			continue
		}
		if i == 0 {
			break
		}
	}
	p.connTrackLock.Unlock()
}

// The write lock, then a read lock of the same RWMutex.
type mapping struct {
	mut   sync.RWMutex
	addrs map[string]int
}

func (m *mapping) clear() {
	m.mut.Lock()
	for k := range m.addrs {
		delete(m.addrs, k)
	}
	m.notify() // want `notify read-locks m.mut \(line \d+\) while this goroutine holds it \(locked at line \d+\): RLock waits for the writer, this goroutine itself`
	m.mut.Unlock()
}

func (m *mapping) notify() {
	m.mut.RLock()
	defer m.mut.RUnlock()
}

// A read lock, then the write lock.
func (m *mapping) upgrade(k string) {
	m.mut.RLock()
	if _, ok := m.addrs[k]; !ok {
		m.mut.Lock() // want `m.mut locked again while this goroutine holds it \(locked at line \d+\): Lock waits for every reader, this goroutine included`
		m.addrs[k] = 1
		m.mut.Unlock()
	}
	m.mut.RUnlock()
}

// A deferred Unlock keeps the mutex held to the end of the function.
func (c *cache) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.items) > 100 {
		_ = count(c, "") // want `count locks c.mu`
	}
}

// Callees that lock only on some of their paths: whether the Lock runs
// depends on what the callee finds, and the caller holding the mutex
// knows it does not. Not reported by default (-lockorder.audit reports
// them).

// An option that says the caller holds the lock already.
type keyring struct {
	mu   sync.Mutex
	keys map[string][]byte
}

type unwrapOpts struct{ alreadyLocked bool }

func (k *keyring) unwrap(id string, opts *unwrapOpts) []byte {
	if opts == nil || !opts.alreadyLocked {
		k.mu.Lock()
		defer k.mu.Unlock()
	}
	return k.keys[id]
}

func (k *keyring) verify(id string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.unwrap(id, &unwrapOpts{alreadyLocked: true}) != nil
}

// A nil argument the caller, who has just used the value, never passes.
type chain struct {
	mu    sync.Mutex
	heads []*tipset
}

type tipset struct{ height int }

func (c *chain) heaviest() *tipset {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.heads[len(c.heads)-1]
}

func (c *chain) byHeight(h int, ts *tipset) *tipset {
	if ts == nil {
		ts = c.heaviest()
	}
	if ts.height < h {
		return nil
	}
	return ts
}

func (c *chain) checkpoint(ts *tipset) {
	c.mu.Lock()
	defer c.mu.Unlock()
	_ = ts.height
	_ = c.byHeight(0, ts)
}

// A value computed once: sync.Once runs the locking function only the
// first time, and the caller computed it before it locked.
type frame struct {
	mu     sync.Mutex
	once   sync.Once
	digest string
}

func (f *frame) deriveDigest() string {
	f.once.Do(func() {
		f.mu.Lock()
		f.digest = "d"
		f.mu.Unlock()
	})
	return f.digest
}

func (f *frame) index() {
	_ = f.deriveDigest()
	f.mu.Lock()
	defer f.mu.Unlock()
	_ = f.deriveDigest()
}

// A lookup that locks only on a cache miss.
type domains struct {
	mu    sync.Mutex
	byID  map[string]string
	names map[string]string
}

func (d *domains) byIDLocked(id string) string {
	if v, ok := d.byID[id]; ok {
		return v
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.byID[id]
}

func (d *domains) byName(name string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.byIDLocked(d.names[name])
}

// Still reported: a callee that locks in every round of a loop over the
// caller's items, after a check that returns only on failure it cannot
// know of (a panic is no way out).
func (d *domains) refresh() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.renameAll([]string{"a"}) // want `renameAll locks d.mu`
}

func (d *domains) renameAll(ids []string) {
	if d.names == nil {
		panic("domains: not set up")
	}
	for _, id := range ids {
		d.mu.Lock()
		d.names[id] = id
		d.mu.Unlock()
	}
}

// Reported: the function variable called before the relock cannot unlock
// the mutex, which this function never hands out.
func (s *nameServer) listenLogged(logf func(string)) {
	s.lock.Lock()
	defer s.lock.Unlock()
	logf("listening")
	s.serve() // want `serve read-locks s.lock`
}
