package leash

import (
	"context"
	"sync"
	"sync/atomic"
)

// A Lazy is a value computed on first use by a function that can fail and
// that takes a context — a client that dials, a config that is fetched. It
// is sync.OnceValues for such values: concurrent callers of Get share one
// call of init; a success is kept forever; an error is returned to the
// callers that waited for it but not kept, so the next Get tries again
// (sync.Once would keep the error, or the half-made value, forever). A caller
// whose context ends while it waits for another caller's init returns at
// once with its context's error.
//
// A Lazy must be created with NewLazy. Copying a Lazy after first use is not
// allowed.
type Lazy[T any] struct {
	init func(context.Context) (T, error)
	done atomic.Bool // value holds the result of a successful init

	mu     sync.Mutex
	value  T
	flight *lazyCall[T] // the init under way, if any
}

// lazyCall is one call of init, shared by every Get that waits for it.
type lazyCall[T any] struct {
	done  chan struct{} // closed when the call ended
	value T
	err   error
	// abandoned is set when init failed after the context of the caller
	// that ran it ended: the error is that caller's, so the callers that
	// waited try again on their own contexts.
	abandoned bool
}

// NewLazy returns a Lazy whose value init computes on the first Get. It
// panics if init is nil.
func NewLazy[T any](init func(ctx context.Context) (T, error)) *Lazy[T] {
	if init == nil {
		panic("leash: NewLazy called with a nil init function")
	}
	return &Lazy[T]{init: init}
}

// Get returns the value, calling init first if no call has succeeded yet.
//
// init runs in the goroutine of the caller that starts it — Get starts no
// goroutine — with that caller's context, and that caller gets its result. The callers that come while it runs wait for
// that result, or return ctx.Err() as soon as their ctx ends. If init
// panics, the panic goes on in the caller that ran it, and the callers that
// waited get a *PanicError.
func (l *Lazy[T]) Get(ctx context.Context) (T, error) {
	if l.done.Load() {
		return l.value, nil
	}
	if l.init == nil {
		panic("leash: Lazy.Get on a Lazy not made by NewLazy; create it with leash.NewLazy(init)")
	}
	mustHaveContext(ctx)
	for {
		l.mu.Lock()
		if l.done.Load() {
			l.mu.Unlock()
			return l.value, nil
		}
		if c := l.flight; c != nil {
			l.mu.Unlock()
			select {
			case <-c.done:
			case <-ctx.Done():
				var zero T
				return zero, ctx.Err()
			}
			if c.abandoned {
				continue // the caller that ran init gave up; try on our context
			}
			return c.value, c.err
		}
		c := &lazyCall[T]{done: make(chan struct{})}
		l.flight = c
		l.mu.Unlock()
		return l.call(ctx, c)
	}
}

// call runs init for c on the caller's goroutine and shares its result.
func (l *Lazy[T]) call(ctx context.Context, c *lazyCall[T]) (T, error) {
	normal := false
	defer func() {
		if normal {
			return
		}
		// init panicked or called runtime.Goexit: the waiters get an
		// error and the panic goes on in this caller.
		v := recover()
		c.err = errGoexit
		if v != nil {
			c.err = newPanicError(v)
		}
		l.end(c)
		if v != nil {
			panic(v)
		}
	}()
	c.value, c.err = l.init(ctx)
	c.abandoned = c.err != nil && ctx.Err() != nil
	normal = true
	l.end(c)
	return c.value, c.err
}

// end publishes the result of c, keeping it if it is a success.
func (l *Lazy[T]) end(c *lazyCall[T]) {
	l.mu.Lock()
	if c.err == nil {
		l.value = c.value
		l.done.Store(true)
	}
	l.flight = nil
	l.mu.Unlock()
	close(c.done)
}
