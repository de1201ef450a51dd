// Not a leak: a receiving goroutine loops while its error is nil, and the
// round that sets it closes done and breaks first, so the loop never ends
// by its condition and done is always closed. Fine as is.
// A leak: the same loop when one round can set the error and go on,
// ending the loop without the close.
package devshapes

func recvUntilError(recv func() (int, error), got func(int)) {
	done := make(chan struct{})
	var recvErr error
	go func() {
		for recvErr == nil {
			var v int
			v, recvErr = recv()
			got(v)
			if recvErr != nil {
				close(done)
				break
			}
		}
	}()
	<-done
}

func recvUntilErrorSkipped(recv func() (int, error), got func(int), skip func(int) bool) {
	done := make(chan struct{})
	var recvErr error
	go func() {
		for recvErr == nil {
			var v int
			v, recvErr = recv()
			if skip(v) {
				continue
			}
			if recvErr != nil {
				close(done)
				break
			}
		}
	}()
	<-done // want `receive from done blocks forever`
}
