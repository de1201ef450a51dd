package devshapes

type bindReply struct {
	ID  int32
	Err bool
	Msg string
}

// The loop is left only when the reply says Err, which only the case
// taking the goroutine's final error sets: a value taken from ids leaves
// Err false, as the zero value the reply starts from. From:
// nicocha30/ligolo-ng pkg/agent/handler.go.
func relayReplies(network string, t *tracker, send func(bindReply)) {
	ids := make(chan int32)
	stop := make(chan error)
	if network == "tcp" {
		go func() {
			if err := t.serve(ids); err != nil {
				stop <- err
			}
		}()
	}
	t.id = 0
	if network == "tcp" {
		for {
			var r bindReply
			select {
			case err := <-stop:
				r = bindReply{Err: true, Msg: err.Error()}
			case id := <-ids:
				r = bindReply{ID: id}
			}
			send(r)
			if r.Err {
				break
			}
		}
	}
}
