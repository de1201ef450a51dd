// Package main ends on a method that an interface reaches too: the calls
// through the interface, made while main's own call runs, leave what they
// strand blocked, and they are reported.
package main

import (
	"context"
	"errors"
	"log"
	"time"
)

func serve(ctx context.Context) error { return errors.New("stopped") }

type job struct{}

func (j *job) Run(ctx context.Context) error {
	errc := make(chan error)
	go func() { errc <- serve(ctx) }() // want `send on errc can block forever: the receiver stops waiting when <-ctx.Done\(\) wins the select`
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return nil
	}
}

type runner interface{ Run(context.Context) error }

func runAll(ctx context.Context, rs []runner) {
	for _, r := range rs {
		r.Run(ctx)
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	go runAll(ctx, []runner{&job{}, &job{}})
	j := &job{}
	if err := j.Run(ctx); err != nil {
		log.Fatal(err)
	}
}
