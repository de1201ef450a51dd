package blockingsend

// A helper that receives until the channel is closed, written as a
// select loop on v, ok := <-ch that returns only when !ok: it drains the
// channel as a range over it would (googleforgames/open-match's
// fanInFanOut). The sender closes the channel after its last send, so
// nothing is reported.
func fanIn(in <-chan string, other <-chan int, out func(string)) {
	for {
		select {
		case v, ok := <-in:
			if !ok {
				return
			}
			out(v)
		case <-other:
		}
	}
}

func FanInAll(ids []string, other <-chan int, out func(string)) {
	ch := make(chan string)
	go func() {
		fanIn(ch, other, out)
	}()
	go func() {
		for _, id := range ids {
			ch <- id
		}
		close(ch)
	}()
}

// A look-alike that is reported: the helper also returns when other
// closes, with values still to come.
func fanInOrStop(in <-chan string, other <-chan int, out func(string)) {
	for {
		select {
		case v, ok := <-in:
			if !ok {
				return
			}
			out(v)
		case _, ok := <-other:
			if !ok {
				return
			}
		}
	}
}

func FanInOrStop(ids []string, other <-chan int, out func(string)) {
	ch := make(chan string)
	go func() {
		fanInOrStop(ch, other, out)
	}()
	go func() {
		for _, id := range ids {
			ch <- id // want `send on ch can block forever: fanInOrStop \(line \d+\) can stop receiving before the senders are done`
		}
		close(ch)
	}()
}
