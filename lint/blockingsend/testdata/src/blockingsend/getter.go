package blockingsend

import "sync"

// A container whose health monitor stops on a channel its getter hands
// out: the monitor locks the container between its checks of the stop
// channel, and the stop is sent while the container is locked.
type probed struct {
	sync.Mutex
	health *healthState
}

type healthState struct{ stop chan struct{} }

func (h *healthState) stopChan() chan struct{} { return h.stop }

func (h *healthState) closeMonitor() {
	if h.stop != nil {
		h.stop <- struct{}{}
	}
}

func probeOnce(c *probed) {
	c.Lock()
	defer c.Unlock()
}

func monitorProbes(c *probed, stop chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
			probeOnce(c)
		}
	}
}

type probedStore struct{ ctr *probed }

func (s *probedStore) get() *probed { return s.ctr }

// The getters hand the field's channel and the container to callers in
// sight only: no value of either type goes into an interface, so nothing
// out of sight can call them.
func stateChanged(s *probedStore) {
	c := s.get()
	c.Lock()
	defer c.Unlock()
	c.health.closeMonitor() // want `call of closeMonitor while holding c.Mutex can block forever: it sends on h.stop \(line \d+\), and the other side \(monitorProbes, line \d+\) needs c.Mutex too; unlock before the call`
}

func startProbes() {
	c := &probed{health: &healthState{stop: make(chan struct{})}}
	go monitorProbes(c, c.health.stopChan())
	go stateChanged(&probedStore{c})
}

// The same, but the health state goes into an interface: code out of
// sight may call its getter and receive from the channel without the
// lock, so the send may complete.
type boxedHealth struct{ stop chan struct{} }

func (h *boxedHealth) stopChan() chan struct{} { return h.stop }

func (h *boxedHealth) closeMonitor() { h.stop <- struct{}{} }

type boxedProbed struct {
	sync.Mutex
	health *boxedHealth
}

func (c *boxedProbed) probe() {
	c.Lock()
	defer c.Unlock()
}

var registered []any

func startBoxedProbes() {
	h := &boxedHealth{stop: make(chan struct{})}
	registered = append(registered, h)
	c := &boxedProbed{health: h}
	go func(stop chan struct{}) {
		for {
			select {
			case <-stop:
				return
			default:
				c.probe()
			}
		}
	}(h.stopChan())
	go func() {
		c.Lock()
		defer c.Unlock()
		c.health.closeMonitor()
	}()
}
