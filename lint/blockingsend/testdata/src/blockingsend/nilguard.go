package blockingsend

// A channel made late is received from on the way out only once it is
// made: if errc != nil. Once made, errc stays so, and a goroutine sending
// on it is always waited for. Nothing is reported.
func WaitIfStarted(prepare func() error, work func() error, next func() error) error {
	var errc chan error
	defer func() {
		if errc != nil {
			<-errc
		}
	}()
	if err := prepare(); err != nil {
		return err
	}
	errc = make(chan error)
	go func() {
		errc <- work()
	}()
	return next()
}

// The same guard, written the other way round.
func WaitUnlessNil(work func() error, next func() error) error {
	var errc chan error
	defer func() {
		if errc == nil {
			return
		}
		<-errc
	}()
	errc = make(chan error)
	go func() {
		errc <- work()
	}()
	return next()
}

// Look-alikes that are reported.

// errc is set back to nil before the return: the guard can skip the
// receive while the goroutine still sends.
func WaitIfStartedReset(work func() error, next func() error) error {
	var errc chan error
	defer func() {
		if errc != nil {
			<-errc
		}
	}()
	errc = make(chan error)
	go func() {
		errc <- work() // want `send on errc can block forever: the receiver can return at line \d+ before receiving`
	}()
	if err := next(); err != nil {
		errc = nil
		return err
	}
	return nil
}

// The guard is on another channel's variable.
func WaitIfOtherStarted(work func() error, next func() error, done chan struct{}) error {
	errc := make(chan error)
	defer func() {
		if done != nil {
			<-errc
		}
	}()
	go func() {
		errc <- work() // want `send on errc can block forever: the receiver can return at line \d+ before receiving`
	}()
	return next()
}

// The guard in the receiving function itself: by the time it is reached,
// errc holds the channel the goroutine sends on. Nothing is reported.
func WaitIfMade(lazy bool, work func() error) error {
	var errc chan error
	if !lazy {
		errc = make(chan error)
		go func() {
			errc <- work()
		}()
	}
	if errc == nil {
		return nil
	}
	return <-errc
}

// The sender has the channel from another variable before errc holds it:
// errc can still be nil when the receiver tests it.
func WaitIfCopied(useCache bool, work func() error) error {
	var errc chan error
	ch := make(chan error)
	go func() {
		ch <- work() // want `send on ch can block forever: the receiver can return at line \d+ before receiving`
	}()
	if !useCache {
		errc = ch
	}
	if errc == nil {
		return nil
	}
	return <-errc
}
