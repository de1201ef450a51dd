// A look-alike that is harmless: main starts a second server in a
// goroutine that sends its error on a channel main never reads, and then
// serves the first until it is killed. If the second server stops, its
// goroutine waits for as long as the process lives, once: no more of them
// pile up. From: golang/build cmd/pubsubhelper/pubsubhelper.go:78.
package main

import (
	"errors"
	"log"
	"net/http"
)

func serveSMTP() error { return errors.New("smtp: closed") }

func serveHTTP() error { return http.ListenAndServe("localhost:8080", nil) }

func main() {
	errc := make(chan error)
	go func() {
		errc <- serveSMTP()
	}()
	for i := 0; i < 3; i++ {
		handle(i)
	}
	log.Fatalln(serveHTTP())
}

// Still reported: a function main calls in a loop before it serves
// strands a goroutine every time it runs, and they wait for as long as
// the program serves.
func handle(i int) {
	done := make(chan int)
	go func() {
		done <- i // want `send on done blocks forever: nothing receives from it`
	}()
}
