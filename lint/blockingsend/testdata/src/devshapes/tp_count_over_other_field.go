package devshapes

// The same manager counting its results against another list than the
// one it started its services over: with fewer backups than services it
// closes the channel while services still have a result to send.
type backedManager struct {
	services []service
	backups  []service
}

func (m *backedManager) Run() error {
	ch := make(chan error)
	defer close(ch)
	for _, s := range m.services {
		go func(s service) {
			ch <- s.Run() // want `send on ch can panic: values are sent in a loop but received a fixed number of times, and the receiver closes ch as it returns \(line 13\), so a send still to come is on a closed channel; leave the close to the senders, and buffer it for every send`
		}(s)
	}
	exited := 0
	for {
		if exited >= len(m.backups) {
			break
		}
		<-ch
		exited++
	}
	return nil
}
