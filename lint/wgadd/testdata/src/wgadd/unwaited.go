package wgadd

import "sync"

// WaitGroups no Wait can reach before the goroutine's Add.

// The goroutine declares the WaitGroup itself, adds, hands a closure that
// calls Done to another goroutine, and waits after the hand-off: its Add
// comes before both (from franz-go's kgo, blockingMetadataFn, started with
// a go statement).
type metaClient struct {
	fns chan func()
}

func (cl *metaClient) blockingFn(fn func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	waitfn := func() {
		defer wg.Done()
		fn()
	}
	cl.fns <- waitfn
	wg.Wait()
}

func (cl *metaClient) refreshLater() {
	go cl.blockingFn(func() {})
}

// The same, through a pointer to a WaitGroup the goroutine does not own:
// the caller's Wait can run before the Add.
type sharedMeta struct {
	wg  sync.WaitGroup
	fns chan func()
}

func (m *sharedMeta) hand(fn func()) {
	wg := &m.wg
	wg.Add(1) // want `wg.Add inside the goroutine it counts`
	m.fns <- func() {
		defer wg.Done()
		fn()
	}
}

func (m *sharedMeta) run(fn func()) {
	go m.hand(fn)
	m.wg.Wait()
}

// A WaitGroup kept for the tests: production never waits on it; only a
// test does (from go-libp2p's swarm, dialWorker.loop).
type dialWorker struct {
	reqch chan string
	wg    sync.WaitGroup // for testing
}

func (w *dialWorker) loop() {
	w.wg.Add(1)
	defer w.wg.Done()
	for req := range w.reqch {
		fetch(req)
	}
}

func startDialWorker(reqch chan string) *dialWorker {
	w := &dialWorker{reqch: reqch}
	go w.loop()
	return w
}

// Waited on outside the tests too: the race is production's.
type poller struct {
	wg   sync.WaitGroup
	stop chan struct{}
}

func (p *poller) poll() {
	p.wg.Add(1) // want `p.wg.Add inside the goroutine it counts`
	defer p.wg.Done()
	<-p.stop
}

func (p *poller) start() { go p.poll() }

func (p *poller) Close() {
	close(p.stop)
	p.wg.Wait()
}

// A WaitGroup whose address is handed on may be waited on under another
// name.
type flusher struct {
	wg   sync.WaitGroup
	jobs chan string
}

func (f *flusher) work() {
	f.wg.Add(1) // want `f.wg.Add inside the goroutine it counts`
	defer f.wg.Done()
	for j := range f.jobs {
		fetch(j)
	}
}

func waitFor(wg *sync.WaitGroup) { wg.Wait() }

func (f *flusher) run() {
	go f.work()
	waitFor(&f.wg)
}

// The goroutine hands each queued request a turn, adding for it first, and
// waits for the turns it handed out itself: every Wait on the field is in
// its own body, after the Add (from open-match's query cache, started with
// a go statement behind a token that lets one run at a time).
type turnCache struct {
	wg    sync.WaitGroup
	token chan struct{}
	reqs  chan chan struct{}
}

func (c *turnCache) refresh() {
	defer func() { c.token <- struct{}{} }()
	for _, turn := range []chan struct{}{<-c.reqs} {
		c.wg.Add(1)
		select {
		case turn <- struct{}{}:
		default:
			c.wg.Done()
		}
	}
	c.wg.Wait()
}

func (c *turnCache) request() {
	<-c.token
	go c.refresh()
	turn := make(chan struct{})
	c.reqs <- turn
	<-turn
	c.wg.Done()
}

// The same with a Wait before the Add as well: a second refresh can be in
// that Wait when this one adds.
type earlyTurnCache struct {
	wg   sync.WaitGroup
	reqs chan chan struct{}
}

func (c *earlyTurnCache) refresh() {
	c.wg.Wait()
	turn := <-c.reqs
	c.wg.Add(1) // want `c.wg.Add inside the goroutine it counts`
	turn <- struct{}{}
	c.wg.Done()
	c.wg.Wait()
}

func (c *earlyTurnCache) start() { go c.refresh() }

// The same with the Wait in a function literal the goroutine starts: it
// runs on its own, in no order with the Add.
type litTurnCache struct {
	wg   sync.WaitGroup
	reqs chan chan struct{}
}

func (c *litTurnCache) refresh() {
	go func() { c.wg.Wait() }()
	turn := <-c.reqs
	c.wg.Add(1) // want `c.wg.Add inside the goroutine it counts`
	turn <- struct{}{}
	c.wg.Done()
}

func (c *litTurnCache) start() { go c.refresh() }
