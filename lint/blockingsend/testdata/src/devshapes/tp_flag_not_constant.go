package devshapes

// Still a leak: a value taken from ids can set Err too (a negative id),
// and the loop then leaves while the goroutine goes on sending.
func relayRepliesChecked(t *tracker, send func(bindReply)) {
	ids := make(chan int32)
	stop := make(chan error)
	go func() {
		if err := t.serve(ids); err != nil { // want `send on ids can block forever: the receiver returns at line 26 with values still to come`
			stop <- err
		}
	}()
	for {
		var r bindReply
		select {
		case err := <-stop:
			r = bindReply{Err: true, Msg: err.Error()}
		case id := <-ids:
			r = bindReply{ID: id, Err: id < 0}
		}
		send(r)
		if r.Err {
			break
		}
	}
}
