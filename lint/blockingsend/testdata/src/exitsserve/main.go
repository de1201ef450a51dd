// Package main strands a sender in probe, whose return main follows with a
// server that runs until the process ends: the sender stays blocked for
// all that time.
package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"time"
)

func dial(ctx context.Context) error { return errors.New("refused") }

func probe(ctx context.Context) error {
	errc := make(chan error)
	go func() { errc <- dial(ctx) }() // want `send on errc can block forever: the receiver stops waiting when <-ctx.Done\(\) wins the select`
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := probe(ctx); err != nil {
		log.Print(err)
	}
	log.Fatal(http.ListenAndServe(":8080", nil))
}
