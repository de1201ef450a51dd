// Package main waits for good on a channel nothing closes, as a daemon
// does, but so does a goroutine it starts for each connection: those pile
// up while the program runs, and are reported.
package main

import "net"

type server struct {
	quit chan struct{}
}

func (s *server) handle(c net.Conn) {
	go func() {
		<-s.quit // want `receive from s.quit blocks forever, and so does the other receive from quit: nothing in this package sends on quit or closes it, and nothing outside can`
		c.Close()
	}()
}

func (s *server) serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		s.handle(c)
	}
}

func main() {
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		return
	}
	s := &server{quit: make(chan struct{})}
	go s.serve(ln)
	<-s.quit
}
