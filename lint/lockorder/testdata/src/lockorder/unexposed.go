package lockorder

import "sync"

// A recursive read lock needs a writer running at the same time. Neither
// look-alike below shows one: the exported methods of a type the package
// never hands out are called only by the package's own code, here all on
// one event loop; and the reads and writes Start makes before it starts
// that loop happen before the loop exists.

type roundState struct {
	mu     sync.RWMutex
	locked string
	pre    string
}

func (s *roundState) SetPreprepare(p string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pre = p
}

func (s *roundState) IsHashLocked() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.LockedHash() != ""
}

func (s *roundState) LockedHash() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.locked
}

type Core struct {
	current *roundState
	events  chan string
}

func (c *Core) Start() error {
	c.startNewRound()
	go c.handleEvents()
	return nil
}

func (c *Core) startNewRound() {
	c.current = &roundState{}
	if !c.current.IsHashLocked() {
		c.current.SetPreprepare("")
	}
}

func (c *Core) handleEvents() {
	for ev := range c.events {
		if c.current.IsHashLocked() {
			continue
		}
		c.current.SetPreprepare(ev)
	}
}

// Still reported: Restart writes after it starts the loop, so its write
// can come between the loop's two read locks.
type viewState struct {
	mu   sync.RWMutex
	view string
}

func (s *viewState) SetView(v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.view = v
}

func (s *viewState) Current() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.View() != "" // want `View read-locks s.mu \(line \d+\) while this goroutine holds it`
}

func (s *viewState) View() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.view
}

type Core2 struct {
	state  *viewState
	events chan string
}

func (c *Core2) Restart() {
	go c.handleEvents()
	c.state.SetView("")
}

func (c *Core2) handleEvents() {
	for range c.events {
		_ = c.state.Current()
	}
}
