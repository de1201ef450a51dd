package blockingsend

import "net"

// A server that counts the connections it serves and, on every return,
// waits in a deferred loop for each of them to report: a goroutine still
// sending when the loop gives up on newConns is received by the cleanup.
func serveCounted(ln net.Listener, stop chan struct{}, handle func(net.Conn) error) error {
	newConns := make(chan net.Conn)
	closedConns := make(chan error)
	active := 0
	go acceptInto(ln, newConns)
	defer func() {
		ln.Close()
		for nc := range newConns {
			nc.Close()
		}
		for active > 0 {
			<-closedConns
			active--
		}
	}()
	for {
		select {
		case nc, ok := <-newConns:
			if !ok {
				return nil
			}
			active++
			go func() {
				closedConns <- handle(nc)
			}()
		case <-closedConns:
			active--
		case <-stop:
			return nil
		}
	}
}

func acceptInto(ln net.Listener, newConns chan<- net.Conn) {
	for {
		nc, err := ln.Accept()
		if err != nil {
			close(newConns)
			return
		}
		newConns <- nc
	}
}

// The look-alike: the deferred cleanup receives once, whatever the count.
func serveCleansOnce(ln net.Listener, stop chan struct{}, handle func(net.Conn) error) error {
	newConns := make(chan net.Conn)
	closedConns := make(chan error)
	go acceptInto(ln, newConns)
	defer func() {
		ln.Close()
		<-closedConns
	}()
	for {
		select {
		case nc, ok := <-newConns:
			if !ok {
				return nil
			}
			go func() {
				closedConns <- handle(nc) // want `send on closedConns can block forever`
			}()
		case <-closedConns:
		case <-stop:
			return nil
		}
	}
}
