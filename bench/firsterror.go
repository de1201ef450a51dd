package bench

import (
	"sync"
	"sync/atomic"
)

// firstError keeps the first error reported to it from any goroutine, for
// the implementations whose library has no error handling of its own (conc's
// iter and stream, ants, the hand-written code). Checking it is one atomic
// load, so the successful runs the benchmarks time pay next to nothing.
type firstError struct {
	once   sync.Once
	err    error
	failed atomic.Bool // set after err, so a reader that sees it sees err
}

func (f *firstError) set(err error) {
	f.once.Do(func() {
		f.err = err
		f.failed.Store(true)
	})
}

func (f *firstError) get() error {
	if !f.failed.Load() {
		return nil
	}
	return f.err
}
