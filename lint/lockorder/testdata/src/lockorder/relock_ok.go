package lockorder

import "sync"

// Look-alikes that do not deadlock.

// Lock, unlock, lock again.
func (c *cache) Sequence() {
	c.mu.Lock()
	c.items["a"] = 1
	c.mu.Unlock()
	c.mu.Lock()
	c.items["b"] = 2
	c.mu.Unlock()
}

// Unlock before the call that locks.
func (l *logger) outputThenExit(s string) {
	l.mu.Lock()
	err := l.write(s)
	l.mu.Unlock()
	if err != nil {
		l.exit(err)
	}
}

// Another value of the same type has its own mutex.
type node struct {
	mu     sync.Mutex
	parent *node
	n      int
}

func (n *node) add() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.n++
	if n.parent != nil {
		n.parent.add()
	}
}

func merge(a, b *cache) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for k := range a.items {
		_ = count(b, k)
	}
}

// TryLock never waits.
func (c *cache) TryRefresh() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.mu.TryLock() {
		return false
	}
	return true
}

// TryLock that succeeded: a second Lock would deadlock, but this one is
// on the path where it failed.
func (c *cache) lockSoon() {
	if c.mu.TryLock() {
		c.items["x"] = 1
		c.mu.Unlock()
		return
	}
	c.mu.Lock()
	c.mu.Unlock()
}

// A goroutine started under the lock is another goroutine: it waits for
// the Unlock, it does not deadlock.
func (c *cache) RefreshLater() {
	c.mu.Lock()
	defer c.mu.Unlock()
	go c.Refresh()
	go func() {
		c.mu.Lock()
		c.items = nil
		c.mu.Unlock()
	}()
}

// A sync.Locker may be anything: not followed.
func withLocker(l sync.Locker, f func()) {
	l.Lock()
	defer l.Unlock()
	f()
}

func (c *cache) viaLocker() {
	c.mu.Lock()
	defer c.mu.Unlock()
	withLocker(&sync.Mutex{}, func() {})
}

// A callee told by its caller whether the lock is held.
func (c *cache) get(k string, locked bool) int {
	if !locked {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	return c.items[k]
}

func (c *cache) Sum(keys []string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	sum := 0
	for _, k := range keys {
		sum += c.get(k, true)
	}
	return sum
}

// A callee that drops the lock for a while and takes it back.
func (c *cache) waitUnlocked() {
	c.mu.Unlock()
	c.mu.Lock()
}

func (c *cache) Pause() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitUnlocked()
}

// A lock helper and an unlock helper.
func (c *cache) lock()   { c.mu.Lock() }
func (c *cache) unlock() { c.mu.Unlock() }

func (c *cache) Helpers() {
	c.lock()
	c.items["h"] = 1
	c.unlock()
	c.mu.Lock()
	c.mu.Unlock()
}

// Function values are not followed.
func (c *cache) Each(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f()
}

// A value receiver locks its own copy (go vet's copylocks reports that).
type counter struct {
	mu sync.Mutex
	n  int
}

func (c counter) peek() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (c *counter) Peek() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.peek()
}

// A mutex used as a signal: locked here, unlocked by the goroutine.
func waitForWorker(work func()) {
	var done sync.Mutex
	done.Lock()
	go func() {
		work()
		done.Unlock()
	}()
	done.Lock()
}

// Each element's own mutex, in a loop.
func lockAll(nodes []*node) {
	for _, n := range nodes {
		n.mu.Lock()
	}
	for _, n := range nodes {
		n.n++
		n.mu.Unlock()
	}
}

// Code that cannot run.
func (c *cache) debugOnly() {
	c.mu.Lock()
	if false {
		return
	}
	c.mu.Unlock()
}

// Locked once per iteration, behind a flag the loop sets.
func (c *cache) lockOnce(keys []string) {
	locked := false
	for _, k := range keys {
		if !locked {
			c.mu.Lock()
			defer c.mu.Unlock()
			locked = true
		}
		c.items[k]++
	}
}

// A goroutine started with the lock held unlocks it.
func (c *cache) handOff() {
	c.mu.Lock()
	go c.finish()
	c.mu.Lock()
	c.mu.Unlock()
}

func (c *cache) finish() {
	c.items = nil
	c.mu.Unlock()
}

// The goroutine blocks on a mutex that another function unlocks: a signal.
func blockUntilReady(ready func()) {
	var mu sync.Mutex
	go func() {
		mu.Lock()
		mu.Lock() // waits for the Unlock below
	}()
	ready()
	mu.Unlock()
}

func pingPong(n int, signal chan bool) {
	var turn sync.Mutex
	go func() {
		for i := 0; i < n; i++ {
			turn.Lock()
			signal <- true
		}
	}()
	for i := 0; i < n; i++ {
		<-signal
		turn.Unlock()
	}
}

// The deferred Unlock still runs when the function also assigns fields.
func (c *cache) set(m map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = m
}

func (c *cache) reset() {
	c.set(nil)
	c.mu.Lock()
	c.items = map[string]int{}
	c.mu.Unlock()
}

// A callee that moves its receiver up the tree before locking locks
// other values.
func (n *node) ancestors() int {
	count := 0
	for n.parent != nil {
		n = n.parent
		n.mu.Lock()
		count += n.n
		n.mu.Unlock()
	}
	return count
}

func (n *node) depth() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.ancestors()
}

// A flag computed from the caller's boolean decides the Lock.
func (c *cache) ack(k string, needLock bool) {
	inPlace := k != "" && needLock
	if inPlace {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	delete(c.items, k)
}

func (c *cache) ackAll(keys []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		c.ack(k, false)
	}
}

// A lock the caller turns off with an option: the callee locks only when
// it is not told the lock is held. A look-alike of a key store whose
// unwrap takes withAlreadyLocked(true) from callers that hold its lock.
type keyOptions struct{ alreadyLocked bool }

type keyOption func(*keyOptions)

func withAlreadyLocked(b bool) keyOption { return func(o *keyOptions) { o.alreadyLocked = b } }

func keyOpts(opt ...keyOption) keyOptions {
	var o keyOptions
	for _, f := range opt {
		f(&o)
	}
	return o
}

type keyStore struct {
	l    sync.Mutex
	keys map[string]string
}

func (k *keyStore) unwrap(id string, opt ...keyOption) string {
	opts := keyOpts(opt...)
	if !opts.alreadyLocked {
		k.l.Lock()
		defer k.l.Unlock()
	}
	return k.keys[id]
}

func (k *keyStore) rotate(id string) string {
	k.l.Lock()
	defer k.l.Unlock()
	return k.unwrap(id, withAlreadyLocked(true))
}

// A lock the callee takes only for some values of what it is passed: the
// heaviest tip is looked up, under the read lock, only when the caller
// gives none. A caller holding the lock passes one, so no lock is taken
// again; what the callee does depends on the argument, which its summary
// cannot show. A look-alike of a chain store's checkpoint.
type chainStore struct {
	heaviestLk sync.RWMutex
	heaviest   *tip
}

type tip struct{ height int }

func (cs *chainStore) heaviestTip() *tip {
	cs.heaviestLk.RLock()
	defer cs.heaviestLk.RUnlock()
	return cs.heaviest
}

func (cs *chainStore) tipAt(h int, from *tip) *tip {
	if from == nil {
		from = cs.heaviestTip()
	}
	if h > from.height {
		return nil
	}
	return from
}

func (cs *chainStore) setCheckpoint(ts *tip) {
	cs.heaviestLk.Lock()
	defer cs.heaviestLk.Unlock()
	if cs.tipAt(ts.height, cs.heaviest) == nil {
		cs.heaviest = ts
	}
}

// The mutex is unlocked through a function a helper made from its
// address, before the call that read-locks it (miekg/dns's ListenAndServe).
type nameServer struct {
	lock    sync.RWMutex
	started bool
}

func unlockOnceFunc(l sync.Locker) func() {
	var once sync.Once
	return func() { once.Do(l.Unlock) }
}

func (s *nameServer) isStarted() bool {
	s.lock.RLock()
	defer s.lock.RUnlock()
	return s.started
}

func (s *nameServer) serve() {
	for s.isStarted() {
	}
}

func (s *nameServer) ListenAndServe() {
	unlock := unlockOnceFunc(&s.lock)
	s.lock.Lock()
	defer unlock()
	s.started = true
	unlock()
	s.serve()
}

// A method value given to a sync.Once's Do runs at once, the first time:
// the unlock it makes comes before fail locks again (testify's Unset).
type expectation struct {
	parent *mockParent
}

type mockParent struct {
	mu    sync.Mutex
	calls []string
}

func (e *expectation) lock()   { e.parent.mu.Lock() }
func (e *expectation) unlock() { e.parent.mu.Unlock() }

func (m *mockParent) fail(msg string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, msg)
}

func (e *expectation) Unset(method string) {
	var unlockOnce sync.Once
	e.lock()
	defer unlockOnce.Do(e.unlock)
	found := false
	for _, c := range e.parent.calls {
		found = found || c == method
	}
	if !found {
		unlockOnce.Do(e.unlock)
		e.parent.fail("no call " + method)
	}
}

// A call behind a test that never holds: an unsigned value is never below
// zero, so grow never runs with ids.mu held.
type idPool struct {
	mu   sync.Mutex
	free []uint
}

func (p *idPool) next() uint {
	p.mu.Lock()
	n := p.firstFree()
	if n < 0 {
		p.grow()
	}
	p.mu.Unlock()
	return n
}

func (p *idPool) firstFree() uint {
	if len(p.free) == 0 {
		return 0
	}
	return p.free[0]
}

func (p *idPool) grow() {
	p.mu.Lock()
	p.free = append(p.free, uint(len(p.free)))
	p.mu.Unlock()
}
