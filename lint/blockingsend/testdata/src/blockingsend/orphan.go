package blockingsend

type recvBuffer struct{ c chan bool }

func (b *recvBuffer) get() <-chan bool { return b.c }

type reader struct{ recv *recvBuffer }

func newReader() *reader { return &reader{recv: &recvBuffer{c: make(chan bool)}} }

// Nothing ever sends on recvBuffer.c: the read waits forever.
func (r *reader) Read() {
	select {
	case <-r.recv.get(): // want `receive from r.recv.get\(\) blocks forever: nothing in this package sends on c or closes it, and nothing outside can`
	}
}

type watcher struct {
	result chan int
	done   chan struct{}
	Events chan int
	out    chan int
}

func newWatcher() *watcher {
	return &watcher{result: make(chan int), done: make(chan struct{}), Events: make(chan int), out: make(chan int)}
}

// Nothing receives from result.
func (w *watcher) publish(v int) {
	w.result <- v // want `send on w.result blocks forever: nothing in this package receives from result, and nothing outside can`
}

// Fine: done is closed by Stop.
func (w *watcher) wait() { <-w.done }

func (w *watcher) Stop() { close(w.done) }

// Fine: Events is exported; its receivers may be anywhere.
func (w *watcher) emit(v int) { w.Events <- v }

// Fine: out is handed to a function that receives from it.
func (w *watcher) forward(v int) {
	go drainInto(w.out)
	w.out <- v
}

func drainInto(ch chan int) {
	for range ch {
	}
}

type feed struct{ updates chan int }

func newFeed() *feed { return &feed{updates: make(chan int)} }

// Updates lets other packages receive.
func (f *feed) Updates() <-chan int { return f.updates }

func (f *feed) poll() {
	select {
	case <-f.updates:
	default:
	}
}

// Fine: receivers of Updates may be anywhere.
func (f *feed) publish(v int) { f.updates <- v }

type pipe struct {
	rx <-chan int
	tx chan<- int
}

// Fine: the two ends share their channels crosswise; each field is
// received from or sent on through the other end.
func newPipe() (*pipe, *pipe) {
	a, b := make(chan int), make(chan int)
	return &pipe{rx: a, tx: b}, &pipe{rx: b, tx: a}
}

func (p *pipe) read() int   { return <-p.rx }
func (p *pipe) write(v int) { p.tx <- v }

// One channel nothing receives from, sent on in three places: one
// mistake, one finding, at the first send.
type drainer struct{ closeCh chan error }

func (d *drainer) configure() { d.closeCh = make(chan error) }

func (d *drainer) disconnect() {
	d.closeCh <- nil // want `send on d.closeCh blocks forever, and so do the 2 other sends on closeCh: nothing in this package receives from closeCh, and nothing outside can`
}

func (d *drainer) onClose() { d.closeCh <- nil }

func (d *drainer) onError(err error) { d.closeCh <- err }

// Two receives from one field nothing sends on: one finding.
type starter struct{ ready chan struct{} }

func newStarter() *starter { return &starter{ready: make(chan struct{})} }

func (w *starter) first() {
	<-w.ready // want `receive from w.ready blocks forever, and so does the other receive from ready: nothing in this package sends on ready or closes it, and nothing outside can`
}

func (w *starter) second() { <-w.ready }

// A writer that takes what else is queued by the channel's length: nothing
// ever sends on queue, so its length stays 0 and the receives in the loop
// and under the if never run. The first receive, which does wait, is
// reported.
type batcher struct{ queue chan int }

func newBatcher() *batcher { return &batcher{queue: make(chan int, 8)} }

func (b *batcher) flush(write func(int)) {
	write(<-b.queue) // want `receive from b.queue blocks forever: nothing in this package sends on queue or closes it`
	n := len(b.queue)
	for i := 0; i < n; i++ {
		write(<-b.queue)
	}
	for len(b.queue) > 0 {
		write(<-b.queue)
	}
	if len(b.queue) != 0 {
		write(<-b.queue)
	}
}

// The same in a select's case, as a websocket writer takes the messages
// queued behind the one it got.
func (b *batcher) pump(write func(int), tick <-chan struct{}) {
	for {
		select {
		case m := <-b.queue:
			write(m)
			n := len(b.queue)
			for i := 0; i < n; i++ {
				write(<-b.queue)
			}
		case <-tick:
		}
	}
}

// Look-alike: the loop's bound is the length of another channel, so its
// receive waits.
type twoQueues struct{ in, other chan int }

func newTwoQueues() *twoQueues {
	return &twoQueues{in: make(chan int, 8), other: make(chan int, 8)}
}

func (q *twoQueues) drain(write func(int)) {
	q.other <- 1
	for i := 0; i < len(q.other); i++ {
		write(<-q.in) // want `receive from q.in blocks forever: nothing in this package sends on in or closes it`
	}
	<-q.other
}

// Look-alike: a receive run when the length is zero waits, and is
// reported.
type emptyQueue struct{ q chan int }

func newEmptyQueue() *emptyQueue { return &emptyQueue{q: make(chan int, 8)} }

func (e *emptyQueue) take(write func(int)) {
	if len(e.q) == 0 {
		write(<-e.q) // want `receive from e.q blocks forever: nothing in this package sends on q or closes it`
	}
}
