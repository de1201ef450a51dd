package lockorder

import "sync"

// The read-lock shapes of rwr.go and cond.go have unexported types; these
// constructors hand them to the package's callers, who may then call their
// exported methods from any goroutine, as the real code they come from did.

func NewCPUState() *cpuState { return newCPUState() }

func NewWatcher() *watcher { return &watcher{} }

func NewGauges() *gauges { return &gauges{} }

// An exported type that embeds the unexported one promotes its methods.
type Executor struct{ *executor }

// Handed out as an interface the package mentions: the type's methods are
// the callers' to call, from any goroutine.
type Lookup interface{ Find(string) int }

type lookupTable struct {
	mu sync.RWMutex
	m  map[string]int
}

func NewLookup() Lookup {
	t := &lookupTable{}
	go t.refresh()
	return t
}

func (t *lookupTable) Find(k string) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.get(k) // want `get read-locks t.mu \(line \d+\) while this goroutine holds it`
}

func (t *lookupTable) get(k string) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.m[k]
}

func (t *lookupTable) refresh() {
	for {
		t.mu.Lock()
		t.m = nil
		t.mu.Unlock()
	}
}
