// Package main strands a sender in a method that is main's last act, only
// as the process exits; check, called before it, strands one that stays.
package main

import (
	"context"
	"errors"
	"log"
	"time"
)

func serve(ctx context.Context) error { return errors.New("stopped") }

type server struct{ addr string }

// run is main's last act: what its return strands dies with the process.
func (s *server) run(ctx context.Context) error {
	errc := make(chan error)
	go func() { errc <- serve(ctx) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return nil
	}
}

// check returns with the process going on: its stranded sender stays.
func (s *server) check(ctx context.Context) error {
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
	s := &server{addr: ":8080"}
	if err := s.check(ctx); err != nil {
		log.Print(err)
	}
	if err := s.run(ctx); err != nil {
		log.Fatal(err)
	}
}
