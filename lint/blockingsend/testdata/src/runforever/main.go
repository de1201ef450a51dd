// Package main ends on a wait for a channel nothing closes: the process
// runs until it is killed, as with select {}, and the workers parked on
// the same channel live as long as it does.
package main

import (
	"fmt"
	"os"
	"time"
)

type loadGen struct {
	workers int
	done    chan struct{}
}

// start is main's last act: its wait on done is the program's run loop.
func (g *loadGen) start() {
	for i := 0; i < g.workers; i++ {
		go g.work()
	}
	<-g.done
}

func (g *loadGen) work() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-g.done:
			return
		case <-tick.C:
			fmt.Println("tick")
		}
	}
}

// poller's stop is the same wait in a method main goes on from: main
// expects it to return, and it never does.
type poller struct {
	stop chan struct{}
}

func (p *poller) wait() {
	<-p.stop // want `receive from p.stop blocks forever: nothing in this package sends on stop or closes it, and nothing outside can`
}

func main() {
	p := &poller{stop: make(chan struct{})}
	p.wait()
	for _, arg := range os.Args {
		fmt.Println(arg)
	}
	g := &loadGen{workers: 4, done: make(chan struct{})}
	g.start()
}
