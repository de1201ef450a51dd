// Package main waits for the cleanup a signal triggers, as nats-io/stan.go's
// examples/stan-sub does. The goroutine leaves its range over signalChan
// only if the channel is closed, and nothing closes it: it is made here
// and only handed to signal.Notify, which never closes the channels it is
// given. So the only way on is the send, and the receive is answered.
package main

import (
	"os"
	"os/signal"
)

func unsubscribe() {}

func main() {
	signalChan := make(chan os.Signal, 1)
	cleanupDone := make(chan bool)
	signal.Notify(signalChan, os.Interrupt)
	go func() {
		for range signalChan {
			unsubscribe()
			cleanupDone <- true
		}
	}()
	<-cleanupDone
}
