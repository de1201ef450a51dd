package devshapes

// A manager that runs each of its services in a goroutine of its own and
// waits until every one has returned, counting the results against the
// length of the same field it started them over: every send is received
// before the deferred close.
type service interface{ Run() error }

type serviceManager struct {
	services []service
}

func (m *serviceManager) Run() error {
	ch := make(chan error)
	defer close(ch)
	for _, s := range m.services {
		go func(s service) {
			ch <- s.Run()
		}(s)
	}
	exited := 0
	for {
		if exited >= len(m.services) {
			break
		}
		<-ch
		exited++
	}
	return nil
}
