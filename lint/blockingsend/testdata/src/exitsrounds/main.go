// Package main probes each address it is given, with a timeout that
// strands the dialler's send, and then exits: a bounded number of rounds,
// and what they strand ends with the process. Given no address, it probes
// each line read from the input instead, and strands one more sender a
// line for as long as input comes.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"time"
)

func dial(addr string) error { return errors.New("refused: " + addr) }

func probe(addr string) error {
	errc := make(chan error)
	go func() { errc <- dial(addr) }()
	select {
	case err := <-errc:
		return err
	case <-time.After(time.Second):
		return errors.New("timed out")
	}
}

func probeRead(addr string) error {
	errc := make(chan error)
	go func() { errc <- dial(addr) }() // want `send on errc can block forever`
	select {
	case err := <-errc:
		return err
	case <-time.After(time.Second):
		return errors.New("timed out")
	}
}

func main() {
	if len(os.Args) > 1 {
		for _, addr := range os.Args[1:] {
			if err := probe(addr); err != nil {
				fmt.Println(err)
			}
		}
	} else {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			fmt.Println(probeRead(sc.Text()))
		}
	}
}
