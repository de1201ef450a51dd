package blockingsend

import "time"

// A buffer of 256 or more holds the one value the receiver leaves behind,
// as a buffer of one does: not reported, in one function or in each round
// of a loop. (A count kept in a byte once wrapped 256 to nothing.)
func WaitWide(ctx interface{ Err() error }) {
	errs := make(chan error, 256)
	go func() { errs <- ctx.Err() }()
	select {
	case <-errs:
	case <-time.After(time.Second):
		return
	}
}

func WaitWideEach(ctx interface{ Err() error }, n int) {
	for range n {
		errs := make(chan error, 1024)
		go func() { errs <- ctx.Err() }()
		select {
		case <-errs:
		case <-time.After(time.Second):
		}
	}
}
