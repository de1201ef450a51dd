// Not a leak: the receiver remembers in a flag that it has received, and
// on its way out drains the channel unless it has (if !stopped { <-stop }),
// so the goroutine's one send always completes. Fine as is.
// A leak: the same loop when the flag is set before the value is taken,
// so the way out can skip the drain with the value still to come.
package devshapes

func interruptThenFlush(interrupt func() bool, input <-chan []byte, write func([]byte)) {
	stop := make(chan bool)
	go func() {
		stop <- interrupt()
	}()
	interrupted := false
	stopped := false
	for !interrupted {
		select {
		case interrupted = <-stop:
			stopped = true
		case b := <-input:
			if b == nil {
				if !stopped {
					<-stop
				}
				return
			}
			write(b)
		}
	}
}

func interruptFlaggedEarly(interrupt func() bool, input <-chan []byte, write func([]byte)) {
	stop := make(chan bool)
	go func() {
		stop <- interrupt() // want `send on stop can block forever`
	}()
	interrupted := false
	stopped := false
	for !interrupted {
		select {
		case interrupted = <-stop:
		case b := <-input:
			stopped = true
			if b == nil {
				if !stopped {
					<-stop
				}
				return
			}
			write(b)
		}
	}
}
