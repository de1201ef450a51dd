package blockingsend

type chunk struct {
	data []byte
	err  error
}

// The one producer reports its failure by its last value; the consumer
// leaves early only on that value. Nothing is reported.
func ReadStream(next func() ([]byte, error), use func([]byte)) error {
	out := make(chan chunk)
	go func() {
		defer close(out)
		for {
			d, err := next()
			if err != nil {
				out <- chunk{err: err}
				return
			}
			if d == nil {
				return
			}
			out <- chunk{data: d}
		}
	}()
	for c := range out {
		if c.err != nil {
			return c.err
		}
		use(c.data)
	}
	return nil
}

// The same with a pointer and the test written the other way round.
func ReadStreamPtr(next func() ([]byte, error), use func([]byte)) error {
	out := make(chan *chunk)
	go func() {
		defer close(out)
		for {
			d, err := next()
			if err != nil {
				out <- &chunk{nil, err}
				return
			}
			if d == nil {
				return
			}
			out <- &chunk{data: d, err: nil}
		}
	}()
	for c := range out {
		if c.err == nil {
			use(c.data)
		} else {
			return c.err
		}
	}
	return nil
}

// Each attempt of a retry loop makes its own channel and starts its own
// producer: per channel there is still one, and its failure is its last
// value. Nothing is reported.
func ReadStreamRetried(next func() ([]byte, error), use func([]byte), retry func(error) bool) error {
attempts:
	for {
		out := make(chan chunk)
		go func() {
			defer close(out)
			for {
				d, err := next()
				if err != nil {
					out <- chunk{err: err}
					return
				}
				if d == nil {
					return
				}
				out <- chunk{data: d}
			}
		}()
		for c := range out {
			if c.err != nil {
				if retry(c.err) {
					continue attempts
				}
				return c.err
			}
			use(c.data)
		}
		return nil
	}
}

// Look-alikes that are reported.

// The producer goes on after a failed value: the consumer leaves while
// it still sends.
func ReadStreamGoesOn(next func() ([]byte, error), use func([]byte)) error {
	out := make(chan chunk)
	go func() {
		defer close(out)
		for range 3 {
			d, err := next()
			if err != nil {
				out <- chunk{err: err} // want `send on out can block forever: the receiver can stop ranging over it \(line \d+\) before the senders are done`
				continue
			}
			out <- chunk{data: d}
		}
	}()
	for c := range out {
		if c.err != nil {
			return c.err
		}
		use(c.data)
	}
	return nil
}

// Two producers: the first failure strands the other.
func ReadTwoStreams(next func() ([]byte, error), use func([]byte)) error {
	out := make(chan chunk)
	for range 2 {
		go func() {
			d, err := next()
			out <- chunk{data: d, err: err} // want `send on out can block forever`
		}()
	}
	for range 2 {
		c := <-out
		if c.err != nil {
			return c.err
		}
		use(c.data)
	}
	return nil
}

// The retry loop starts a producer each attempt on one channel made
// before it: the consumer's early return strands the attempts still
// running.
func ReadStreamRetriedShared(next func() ([]byte, error), use func([]byte)) error {
	out := make(chan chunk)
	for range 3 {
		go func() {
			d, err := next()
			if err != nil {
				out <- chunk{err: err} // want `send on out can block forever`
				return
			}
			out <- chunk{data: d}
		}()
	}
	for range 3 {
		c := <-out
		if c.err != nil {
			return c.err
		}
		use(c.data)
	}
	return nil
}
