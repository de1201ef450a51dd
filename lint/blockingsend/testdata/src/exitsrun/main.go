// Package main strands a sender in run, main's last act, only as the
// process exits; runOnce, called round after round, strands one each round.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"
)

func serve(ctx context.Context) error { return errors.New("stopped") }

// run is main's last act: what its return strands dies with the process.
func run(ctx context.Context) error {
	errc := make(chan error)
	go func() { errc <- serve(ctx) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return nil
	}
}

// runOnce is called in a loop: the process goes on after it returns, and
// each stranded sender stays blocked.
func runOnce(ctx context.Context) error {
	errc := make(chan error)
	go func() { errc <- serve(ctx) }() // want `send on errc can block forever: the receiver stops waiting when <-ctx.Done\(\) wins the select`
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return nil
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for range 3 {
		if err := runOnce(ctx); err != nil {
			fmt.Println(err)
		}
	}
	if err := run(ctx); err != nil {
		log.Fatal(err)
	}
}
