// Package main leaves a sender blocked only as the process exits.
package main

import (
	"fmt"
	"time"
)

func answer() string { return "42" }

func main() {
	ch := make(chan string)
	go func() { ch <- answer() }()
	select {
	case s := <-ch:
		fmt.Println(s)
	case <-time.After(time.Second):
		fmt.Println("no answer")
		return
	}
}
