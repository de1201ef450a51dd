package blockingsend

import "errors"

type channelRequest struct{ kind string }

func (channelRequest) accept() (int, error) { return 1, nil }
func (channelRequest) reject()              {}

// A flag set once and never cleared makes the send in the loop happen at
// most once: every later channelRequest is rejected before it. The one receive
// takes the one value, and the early return leaves nothing to come.
func AcceptOne(reqs chan channelRequest) (int, error) {
	out := make(chan int)
	go func() {
		defer close(out)
		made := false
		for r := range reqs {
			if made {
				r.reject()
				continue
			}
			n, err := r.accept()
			if err != nil {
				continue
			}
			made = true
			out <- n
		}
	}()
	n, ok := <-out
	if !ok {
		return 0, errors.New("closed early")
	}
	return n, nil
}

// The look-alike: the flag is cleared again, so a second value can come
// after the receiver has returned.
func AcceptTwice(reqs chan channelRequest) (int, error) {
	out := make(chan int)
	go func() {
		defer close(out)
		made := false
		for r := range reqs {
			if made {
				r.reject()
				made = false
				continue
			}
			n, err := r.accept()
			if err != nil {
				continue
			}
			made = true
			out <- n // want `send on out can block forever: the receiver returns at line \d+ with values still to come`
		}
	}()
	n, ok := <-out
	if !ok {
		return 0, errors.New("closed early")
	}
	return n, nil
}
