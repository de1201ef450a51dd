// A look-alike that is harmless: a program's main starts the goroutines
// that do its work and ends by receiving from a channel nothing ever
// signals, to serve until it is killed, as select {} does. From:
// alibaba/sentinel-golang's examples (example/flow/qps/qps_limit_example.go:92).
package main

import (
	"fmt"
	"net/http"
	"time"
)

func main() {
	ch := make(chan struct{})
	go func() {
		for {
			fmt.Println("tick")
			time.Sleep(time.Second)
		}
	}()
	<-ch
}

// The same idiom in a function main calls: the only goroutine it starts
// runs for good, so none could have been meant to signal ch, and the
// function parks beside it on purpose (a watcher keeping its watch open).
func serve() {
	ch := make(chan struct{})
	go func() {
		for {
			time.Sleep(time.Second)
		}
	}()
	<-ch
}

// Still reported: the goroutine it starts ends, and may have been the one
// meant to close done.
func serveOnce(work func()) {
	done := make(chan struct{})
	go func() {
		work()
	}()
	<-done // want `receive from done blocks forever: nothing sends on it or closes it`
}

// And so is one that main follows with more work: the code after it
// never runs.
func mainLike() {
	done := make(chan struct{})
	go serve()
	<-done // want `receive from done blocks forever: nothing sends on it or closes it`
	fmt.Println("stopped")
}

// The same idiom beside servers: a gateway starts its two servers, each in
// a goroutine that serves until its server stops, and parks beside them.
// (fatal is its logger's, which exits: the check cannot see that.)
func serveBoth(api, events http.Handler, fatal func(error)) {
	finish := make(chan bool)
	go func() {
		fatal(http.ListenAndServe(":8080", api))
	}()
	go func() {
		fatal(http.ListenAndServe(":8081", events))
	}()
	<-finish
}

// Still reported: beside the server runs a goroutine that ends, and may
// have been the one meant to close done.
func serveAndMigrate(api http.Handler, migrate func(), fatal func(error)) {
	done := make(chan bool)
	go func() {
		fatal(http.ListenAndServe(":8080", api))
	}()
	go migrate()
	<-done // want `receive from done blocks forever: nothing sends on it or closes it`
}
