// Package chans exercises the channel model within one package.
package chans

import "sync"

type server struct {
	events chan int
	Public chan int
}

func newServer() *server {
	s := &server{events: make(chan int)} // want `make cap=0: in a field`
	s.Public = make(chan int)            // want `make cap=0: escapes, in a field`
	return s
}

func (s *server) emit(v int) {
	s.events <- v
}

func local(xs []int) int {
	errc := make(chan error) // want `make cap=0: uses: receives 1, waits; in goroutines it starts: sends 0..many, waits`
	for range xs {
		go func() {
			errc <- nil
		}()
	}
	<-errc
	return 0
}

func viaHelper() {
	done := make(chan error, 1) // want `make cap=1: uses: ; in goroutines it starts: sends 1, waits`
	go transfer(done)
}

func transfer(done chan<- error) {
	done <- nil
}

func closure() {
	ch := make(chan int) // want `make cap=0: uses: sends 1, waits`
	send := func() { ch <- 1 }
	send()
}

func escapesViaCallback(register func(func())) {
	ch := make(chan int) // want `make cap=0: escapes`
	register(func() { ch <- 1 })
}

func group() {
	var wg sync.WaitGroup
	ch := make(chan int, 3) // want `make cap=3: uses: receives 0..1; in goroutines it starts: sends 3, waits`
	for i := 0; i < 3; i++ {
		wg.Go(func() { ch <- i })
	}
	wg.Wait()
	select {
	case <-ch:
	default:
	}
}

func deferredClose(fail bool) {
	ch := make(chan int) // want `make cap=0: uses: closes 1`
	defer close(ch)
	if fail {
		return
	}
}

// The capacity comes from the only caller, a constant.
func newQueue(size int) chan int {
	return make(chan int, size) // want `make cap=0: uses: `
}

func useQueue() {
	q := newQueue(0)
	go func() { q <- 1 }()
	<-q
}

// Whoever holds the pointer uses the channel where the model cannot see.
func addressTaken() *chan string {
	ch := make(chan string) // want `make cap=0: escapes`
	go func() { ch <- "done" }()
	return &ch
}

// A pointer to a struct holding the channel leaves it in the field.
type box struct{ c chan int }

func addressOfStruct() *box {
	b := box{c: make(chan int)} // want `make cap=0: in a field`
	return &b
}
