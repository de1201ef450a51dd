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
