package blockingsend

// A deferred receive takes its value as the function returns, whatever
// it does between the defer and the return: a goroutine started after the
// defer is received from on every return. Nothing is reported.
func WaitOnReturn(work func() error, next func() error) error {
	errc := make(chan error)
	defer func() {
		<-errc
	}()
	go func() {
		errc <- work()
	}()
	if err := next(); err != nil {
		return err
	}
	return nil
}

// Look-alikes that are reported.

// Two senders, one deferred receive.
func WaitOnReturnTwo(work func() error, next func() error) error {
	errc := make(chan error)
	defer func() {
		<-errc
	}()
	go func() {
		errc <- work() // want `send on errc can block forever in 2 goroutines: the receiver returns at line \d+ with values still to come`
	}()
	go func() {
		errc <- work()
	}()
	if err := next(); err != nil {
		return err
	}
	return nil
}

// The deferred receive is made only on one branch.
func WaitOnReturnIf(work func() error, next func() error, wait bool) error {
	errc := make(chan error)
	defer func() {
		if wait {
			<-errc
		}
	}()
	go func() {
		errc <- work() // want `send on errc can block forever: the receiver can return at line \d+ before receiving`
	}()
	if err := next(); err != nil {
		return err
	}
	return nil
}
