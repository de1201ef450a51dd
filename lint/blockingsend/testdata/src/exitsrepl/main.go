// Package main strands a sender in probe, then reads its input until it
// ends: the sender stays blocked for as long as the program reads.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
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
		fmt.Println(err)
	}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		fmt.Println(sc.Text())
	}
}
