package blockingsend

import "errors"

// A receiver that counts the goroutines it starts and drains until the
// count is back to zero, the shape of an event waiter unsubscribing its
// subscriptions: the drain is skipped when nothing started, and leaves
// only once every goroutine has been answered.
func unsubscribeCounted(ids []string, events chan int, unsub func(string) error) error {
	var (
		active int
		errs   = make(chan error)
		exit   = make(chan struct{})
	)
	if len(ids) > 0 {
		active++
		go func() {
			<-exit
			if err := unsub("blocks"); err != nil {
				errs <- err
				return
			}
			errs <- nil
		}()
	}
	for _, id := range ids {
		if id == "" {
			break
		}
		active++
		go func() {
			<-exit
			errs <- unsub(id)
		}()
	}
	close(exit)
	var first error
	if active > 0 {
	drain:
		for {
			select {
			case <-events:
			case err := <-errs:
				if err != nil && first == nil {
					first = err
				}
				active--
				if active == 0 {
					break drain
				}
			}
		}
	}
	return first
}

// The same count, kept in a loop on it.
func drainWhileActive(ids []string, unsub func(string) error) error {
	errs := make(chan error)
	n := 0
	for _, id := range ids {
		go func() { errs <- unsub(id) }()
		n++
	}
	var all []error
	for n > 0 {
		err := <-errs
		n--
		all = append(all, err)
	}
	return errors.Join(all...)
}

// Look-alike: the drain returns at the first error, with goroutines
// still counted.
func drainFirstError(ids []string, unsub func(string) error) error {
	errs := make(chan error)
	active := 0
	for _, id := range ids {
		active++
		go func() {
			errs <- unsub(id) // want `send on errs can block forever`
		}()
	}
	for active > 0 {
		if err := <-errs; err != nil {
			return err
		}
		active--
	}
	return nil
}

// Look-alike: one goroutine is started without being counted, so a zero
// count does not mean every value was taken.
func drainUncounted(ids []string, unsub func(string) error) error {
	errs := make(chan error)
	active := 0
	go func() { errs <- unsub("blocks") }() // want `send on errs can block forever`
	for _, id := range ids {
		active++
		go func() { errs <- unsub(id) }()
	}
	var first error
	if active > 0 {
		for {
			err := <-errs
			if err != nil && first == nil {
				first = err
			}
			active--
			if active == 0 {
				break
			}
		}
	}
	return first
}

// Look-alike: the count goes down on a timeout too, not only with a value
// taken, so zero says nothing of what is still to come.
func drainCountingTimeouts(ids []string, unsub func(string) error, timeout chan struct{}) error {
	errs := make(chan error)
	active := 0
	for _, id := range ids {
		active++
		go func() {
			errs <- unsub(id) // want `send on errs can block forever`
		}()
	}
	var first error
	if active > 0 {
	drain:
		for {
			select {
			case err := <-errs:
				if err != nil && first == nil {
					first = err
				}
			case <-timeout:
			}
			active--
			if active == 0 {
				break drain
			}
		}
	}
	return first
}

// Look-alike: two decrements answer one value, so the count reaches zero
// with a goroutine still to be answered.
func drainCountingTwice(ids []string, unsub func(string) error) error {
	errs := make(chan error)
	active := 0
	for _, id := range ids {
		active++
		go func() {
			errs <- unsub(id) // want `send on errs can block forever`
		}()
	}
	var first error
	if active > 0 {
		for {
			err := <-errs
			if err != nil && first == nil {
				first = err
			}
			active--
			active--
			if active <= 0 {
				break
			}
		}
	}
	return first
}
