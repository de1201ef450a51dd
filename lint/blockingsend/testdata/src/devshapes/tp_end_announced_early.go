package devshapes

// Still a leak: the goroutine reports a failed first connection on stop
// and goes on sending ids, and the receiver has left on that report.
func relayIDsEarly(t *tracker, report func(int32, error)) {
	ids := make(chan int32)
	stop := make(chan error)
	go func() {
		if err := t.warmUp(); err != nil {
			stop <- err
		}
		t.serve(ids) // want `send on ids can block forever: the receiver stops waiting when <-stop wins the select at line 15`
	}()
	for {
		select {
		case err := <-stop:
			report(0, err)
			return
		case id := <-ids:
			report(id, nil)
		}
	}
}

func (t *tracker) warmUp() error {
	c, err := t.ln.Accept()
	if err == nil {
		c.Close()
	}
	return err
}

// Still a leak: the deferred word is one goroutine's, and a second one
// sends on out too.
func streamResultsTwice(next func() (string, bool), show func(string)) {
	out := make(chan string)
	done := make(chan struct{})
	go func() {
		defer func() {
			done <- struct{}{}
		}()
		for {
			v, ok := next()
			if !ok {
				return
			}
			out <- v // want `send on out can block forever: the receiver stops waiting when <-done wins the select at line \d+`
		}
	}()
	go func() {
		out <- "extra"
	}()
	for {
		select {
		case v := <-out:
			show(v)
		case <-done:
			return
		}
	}
}
