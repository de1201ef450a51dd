package bigbuffer

import "context"

type event struct {
	id      int64
	payload [56]byte
}

const queueSize = 100_000

func queues(ctx context.Context, items []string) {
	events := make(chan event, queueSize) // want `channel buffer of 100000 elements \(6 MB of event\) hides a slow consumer: use a small buffer and let producers wait \(limit 4096, see -bigbuffer.max\)`
	ids := make(chan int, 1<<20)          // want `channel buffer of 1048576 elements \(8 MB of int\)`
	type pair struct{ a, b string }
	pairs := make(chan pair, 5000) // want `channel buffer of 5000 elements \(160 KB of pair\)`
	var jobs chan<- string = make(chan string, 4097) // want `channel buffer of 4097 elements`
	_, _, _, _ = events, ids, pairs, jobs
}

// Fine: small, run-time sized, or at the limit.
func fine(items []string, n int) {
	results := make(chan string, len(items)) // one send per item: sized to the work
	done := make(chan struct{})
	errc := make(chan error, 1)
	sem := make(chan struct{}, 16)
	tokens := make(chan struct{}, 1e6) // empty tokens: a counter, no data
	limit := make(chan int, 4096) // a burst buffer of the kind servers tune
	dynamic := make(chan int, n*1000)
	slice := make([]int, 1_000_000) // not a channel
	_, _, _, _, _, _, _, _ = results, done, errc, sem, tokens, limit, dynamic, slice
}

func suppressed() {
	//leash:ignore bigbuffer absorbs one burst of the 10k-item bulk import; the consumer is a memcpy
	burst := make(chan int, 10_000)
	_ = burst
}

type box[T any] struct{ v [2]T }

// Element sizes that depend on a type parameter are not known.
func generic[T any]() (chan T, chan box[T], chan *T) {
	return make(chan T, 10_000), // want `channel buffer of 10000 elements of T hides a slow consumer`
		make(chan box[T], 10_000), // want `channel buffer of 10000 elements of box\[T\] hides`
		make(chan *T, 10_000) // want `channel buffer of 10000 elements \(80 KB of \*T\)`
}

// Fine: every send is a select case with a default, so no producer ever
// waits for the consumer; the buffer bounds a queue that drops (and
// counts) what does not fit.
type events struct {
	queue   chan []byte
	dropped int
}

func newEvents() *events {
	return &events{queue: make(chan []byte, 100000)}
}

func (e *events) publish(b []byte) {
	select {
	case e.queue <- b:
	default:
		e.dropped++
	}
}

func (e *events) run(handle func([]byte)) {
	for b := range e.queue {
		handle(b)
	}
}

// Reported: one send waits when the buffer is full.
type mixed struct{ queue chan []byte }

func newMixed() *mixed {
	return &mixed{queue: make(chan []byte, 100000)} // want `channel buffer of 100000 elements`
}

func (m *mixed) tryPublish(b []byte) bool {
	select {
	case m.queue <- b:
		return true
	default:
		return false
	}
}

func (m *mixed) publish(b []byte) { m.queue <- b }

// Reported: the channel is handed to code that may send on it.
func handedOn(sink func(chan<- int)) chan int {
	ch := make(chan int, 100000) // want `channel buffer of 100000 elements`
	sink(ch)
	return ch
}
