package leash

import (
	"context"
	"iter"
	"sync"
	"sync/atomic"
)

// MapSeq returns a sequence that calls fn for every item of in, at most Limit
// at a time (default runtime.GOMAXPROCS(0)), and yields the results in the
// order of in. It is ordered fan-out/fan-in for inputs that do not fit in a
// slice or never end: a channel of events, the lines of a file, the pages of
// an API.
//
// The input is pulled in the goroutine that ranges over the result, as the
// workers free room: MapSeq holds at most 8×Limit items that were pulled from
// in but not yet yielded, so memory stays bounded on endless inputs and a
// slow consumer slows the input down rather than piling results up.
//
// On the first error the sequence yields that error (with the zero R) once
// and ends; results not yet yielded are dropped. With CollectErrors it
// yields every item's result and error, in order. If ctx ends before every
// item ran, the sequence yields context.Cause(ctx) as its last error: at
// once, or with CollectErrors after the results of the items that ran. If
// fn panics, the range statement panics with a *PanicError.
//
// When the range over the sequence ends, by exhaustion, break, return or
// panic, the input has been stopped and every goroutine MapSeq started has
// ended. Each range runs the whole pipeline again, pulling in anew.
func MapSeq[T, R any](ctx context.Context, in iter.Seq[T], fn func(context.Context, T) (R, error), opts ...Option) iter.Seq2[R, error] {
	mustHaveContext(ctx)
	mustHaveSeq("MapSeq", in, fn == nil)
	c := newConfig(opts)
	return func(yield func(R, error) bool) {
		s := newStream(ctx, c, true, fn)
		defer s.abandon()
		s.pull(in, yield)
		if !s.quit {
			s.drain(yield) // what is left after the last item, or a stop
		}
		if s.quit {
			return // the loop broke out: abandon skips the rest
		}
		s.shutdown()
		if err := s.o.finish(); err != nil {
			var zero R
			yield(zero, err)
		}
	}
}

// ForEachSeq calls fn for every item of in, at most Limit at a time (default
// runtime.GOMAXPROCS(0)), pulling the input as workers free up, with at most
// 8×Limit items pulled and not yet done. It has the rules of ForEach: the
// first error cancels the rest and is returned (with CollectErrors every item
// runs and the errors are joined in the order of in), the cause of ctx is
// returned if it ends before every item was started, a panic is re-raised
// as a *PanicError, and when ForEachSeq returns, in has been stopped and no
// goroutine it started is running.
func ForEachSeq[T any](ctx context.Context, in iter.Seq[T], fn func(context.Context, T) error, opts ...Option) error {
	mustHaveContext(ctx)
	mustHaveSeq("ForEachSeq", in, fn == nil)
	s := newStream(ctx, newConfig(opts), false, func(ctx context.Context, t T) (struct{}, error) {
		return struct{}{}, fn(ctx, t)
	})
	defer s.abandon()
	s.pull(in, nil)
	s.shutdown()
	return s.o.finish()
}

// mustHaveSeq panics with what is missing if the sequence or the function
// given to entry is nil: a nil sequence would otherwise crash when pulled,
// and a nil function in a worker goroutine.
func mustHaveSeq[T any](entry string, in iter.Seq[T], nilFn bool) {
	switch {
	case in == nil && nilFn:
		panic("leash: " + entry + " called with a nil sequence and a nil function")
	case in == nil:
		panic("leash: " + entry + " called with a nil sequence (in); pass an iter.Seq such as slices.Values(items)")
	case nilFn:
		panic("leash: " + entry + " called with a nil function (fn)")
	}
}

// windowPerWorker is how many items a stream holds per worker between
// pulling them from the input and yielding them: more than one, so that the
// workers stay busy while the oldest item is still running, and several, so
// that workers take items in small batches instead of one lock per item.
const windowPerWorker = 8

// A stream runs fn over items pulled from an iter.Seq by its driver, the
// goroutine ranging over MapSeq's result (or calling ForEachSeq). Items live
// in a ring of slots numbered by their position in the input: the driver adds
// them at tail, and workers claim them in batches from claimed.
//
// An ordered stream (MapSeq) keeps an item in its slot until its result is
// yielded, oldest first, at yielded. One that is not ordered (ForEachSeq)
// copies items out of their slots as workers claim them, since they finish in
// any order, and counts in finished the items done. Either way it holds at
// most len(ring) items pulled and not yet yielded, or not yet done (held).
type stream[T, R any] struct {
	o          *outcome
	fn         func(context.Context, T) (R, error)
	ordered    bool
	maxWorkers int
	done       <-chan struct{} // the tasks' context's Done channel

	mu          sync.Mutex
	ring        []slot[T, R]
	tail        int  // the next item the driver adds
	claimed     int  // the next item for a worker to take
	yielded     int  // ordered: the oldest item not yet yielded
	finished    int  // not ordered: how many items are done
	workers     int  // workers started
	idle        int  // workers waiting in hasWork
	closing     bool // no item will be added any more
	hasWork     sync.Cond
	driverWaits bool          // the driver waits in await
	wakeDriver  chan struct{} // capacity 1: a slot freed or a result is ready
	wg          sync.WaitGroup

	quit bool // the consumer stopped the range; only the driver uses it

	ran atomic.Int64 // items started, for an Observer
}

type slot[T, R any] struct {
	item     T
	queuedAt clock // for an Observer
	result   R
	err      error
	done     bool
}

func newStream[T, R any](ctx context.Context, c config, ordered bool, fn func(context.Context, T) (R, error)) *stream[T, R] {
	maxWorkers := c.workers()
	s := &stream[T, R]{
		o:          newOutcome(ctx, c),
		fn:         fn,
		ordered:    ordered,
		maxWorkers: maxWorkers,
		ring:       make([]slot[T, R], windowPerWorker*maxWorkers),
		wakeDriver: make(chan struct{}, 1),
	}
	s.done = s.o.ctx.Done()
	s.hasWork.L = &s.mu
	if s.o.obs != nil {
		s.o.callStarted(maxWorkers)
	}
	return s
}

// held returns how many items the stream holds, of the len(ring) it may;
// call it with mu held.
func (s *stream[T, R]) held() int {
	if s.ordered {
		return s.tail - s.yielded
	}
	return s.tail - s.finished
}

// pull adds the items of in to the stream, yielding results as they become
// ready when the stream is ordered, until in is exhausted, the stream stops
// or the consumer quits.
func (s *stream[T, R]) pull(in iter.Seq[T], yield func(R, error) bool) {
	for item := range in {
		// An ordered stream frees a slot only by yielding its oldest
		// result: yield what is ready, waiting for the oldest if the
		// window is full.
		if s.ordered && !s.yieldReady(yield, len(s.ring)-1) {
			return
		}
		if !s.add(item) {
			return
		}
	}
}

// add waits for a free slot (in a stream that is not ordered, for an item to
// be done) and puts item in it, waking or starting a worker to run it. It
// reports false if the stream stopped instead.
func (s *stream[T, R]) add(item T) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.held() == len(s.ring) {
		if !s.await() {
			return false
		}
	}
	if !s.o.mayStart() {
		s.o.skip()
		return false
	}
	sl := &s.ring[s.tail%len(s.ring)]
	sl.item = item
	if s.o.obs != nil {
		sl.queuedAt = s.o.now()
		s.o.queued(1)
	}
	s.tail++
	if s.idle > 0 {
		s.hasWork.Signal()
	} else if s.workers < s.maxWorkers {
		s.workers++
		s.wg.Add(1)
		go s.work()
	}
	return true
}

// await waits, with mu held, until a worker freed a slot or finished an
// item, or the stream stopped; it reports false in the last case. When the
// caller's context ends, the items under way still end, either run or
// skipped, and a worker says so: only an item that was not run makes the
// stream report the context's cause.
func (s *stream[T, R]) await() bool {
	s.driverWaits = true
	s.mu.Unlock()
	select {
	case <-s.wakeDriver:
	case <-s.done:
		if !s.o.stopped.Load() {
			<-s.wakeDriver
		}
	}
	s.mu.Lock()
	return !s.o.stopped.Load()
}

// yieldReady yields the results at the head of an ordered stream that are
// ready, in order, and waits for the oldest one as long as the stream holds
// more than keep items. It reports false if the consumer quit or the stream
// stopped.
func (s *stream[T, R]) yieldReady(yield func(R, error) bool, keep int) bool {
	for {
		s.mu.Lock()
		for s.yielded == s.tail || !s.ring[s.yielded%len(s.ring)].done {
			if s.held() <= keep {
				s.mu.Unlock()
				return true
			}
			if !s.await() {
				s.mu.Unlock()
				return false
			}
		}
		if s.o.stopped.Load() && !s.o.collect {
			// The first error (or the end of the context) is all
			// that is left to yield. With CollectErrors the results
			// of the items that ran still come first.
			s.mu.Unlock()
			return false
		}
		sl := &s.ring[s.yielded%len(s.ring)]
		r, err := sl.result, sl.err
		*sl = slot[T, R]{}
		s.yielded++
		s.mu.Unlock()
		if !yield(r, err) {
			s.quit = true
			return false
		}
	}
}

// drain yields every result still to come once no item will be added: all
// of them or, if the stream stopped, with CollectErrors those of the items
// that ran before the first that did not.
func (s *stream[T, R]) drain(yield func(R, error) bool) {
	s.mu.Lock()
	s.closing = true
	s.hasWork.Broadcast()
	s.mu.Unlock()
	if s.yieldReady(yield, 0) || s.quit || !s.o.collect {
		return
	}
	// Once the workers have ended, every item has run or never will.
	s.shutdown()
	s.yieldReady(yield, len(s.ring))
}

// abandon stops the stream wherever it is — after its end, or when the loop
// body broke out or panicked, or the input panicked — and waits for the
// workers: the items not yet run are skipped, the running ones see their
// context end.
func (s *stream[T, R]) abandon() {
	s.o.stop(errReturned)
	s.shutdown()
	if s.o.obs != nil {
		s.o.skipped(s.tail - int(s.ran.Load()))
		s.o.callEnded()
	}
}

// shutdown lets the workers go once the items added have run, and waits for
// them. It is safe to call more than once.
func (s *stream[T, R]) shutdown() {
	s.mu.Lock()
	s.closing = true
	s.hasWork.Broadcast()
	s.mu.Unlock()
	s.wg.Wait()
}

// work runs batches of items until the stream closes or stops.
func (s *stream[T, R]) work() {
	defer s.wg.Done()
	s.o.labelGoroutine()
	var batch []slot[T, R] // items copied out of their slots, when not ordered
	if !s.ordered {
		batch = make([]slot[T, R], 0, len(s.ring))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		for s.claimed == s.tail && !s.closing {
			s.idle++
			s.hasWork.Wait()
			s.idle--
		}
		if s.claimed == s.tail || s.o.stopped.Load() {
			return
		}
		lo := s.claimed
		n := max((s.tail-lo)/(2*s.maxWorkers), 1)
		s.claimed += n
		if !s.ordered {
			// Items finish out of order, so their slots may be
			// reused before they are done: copy them out.
			batch = batch[:0]
			for i := lo; i < lo+n; i++ {
				sl := &s.ring[i%len(s.ring)]
				batch = append(batch, *sl)
				*sl = slot[T, R]{}
			}
		}
		s.mu.Unlock()
		ran := s.runBatch(lo, n, batch)
		s.mu.Lock()
		if !s.ordered {
			s.finished += ran
			s.wake()
		}
		if ran < n {
			s.wake() // the driver may wait for an item this batch skipped
			return
		}
	}
}

// runBatch runs the n items from position lo (taken from batch when it is
// not nil) and reports how many ran before the stream stopped.
func (s *stream[T, R]) runBatch(lo, n int, batch []slot[T, R]) int {
	guard := taskGuard{o: s.o, index: noTask}
	defer guard.end()
	for i := lo; i < lo+n; i++ {
		if !s.o.mayStart() {
			s.o.skip()
			return i - lo
		}
		sl := &s.ring[i%len(s.ring)]
		if batch != nil {
			sl = &batch[i-lo]
		}
		guard.index = i
		var r R
		var err error
		if s.o.obs == nil {
			r, err = s.fn(s.o.ctx, sl.item)
		} else {
			s.ran.Add(1)
			guard.startedAt = s.o.started(sl.queuedAt)
			r, err = s.fn(s.o.ctx, sl.item)
			s.o.ended(guard.startedAt, err)
		}
		guard.index = noTask
		switch {
		case err == nil:
		case s.ordered && s.o.collect:
			// Yielded with its result, in order.
		default:
			s.o.fail(i, err)
		}
		if s.ordered {
			s.publish(sl, i, r, err)
		}
	}
	return n
}

// publish makes the result of item i, in slot sl, ready to be yielded, at
// once rather than at the end of its batch: the items of a batch may take
// long, and the oldest result, which holds back every later one, should not
// wait for them.
func (s *stream[T, R]) publish(sl *slot[T, R], i int, r R, err error) {
	s.mu.Lock()
	sl.result, sl.err, sl.done = r, err, true
	if i == s.yielded {
		s.wake()
	}
	s.mu.Unlock()
}

// wake wakes the driver if it waits; call it with mu held.
func (s *stream[T, R]) wake() {
	if s.driverWaits {
		s.driverWaits = false
		select {
		case s.wakeDriver <- struct{}{}:
		default: // a wake-up is already pending
		}
	}
}
