// Package usehelp hands channels to chanhelp.
package usehelp

import (
	"context"

	"chanhelp"
)

func work() error { return nil }

// A helper of another package starts the sender.
func Async(ctx context.Context) error {
	ch := make(chan error)
	chanhelp.ReplyAsync(ch, work) // want `send on ch can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Fine: the helper sends once, into a buffer of one.
func Buffered(ctx context.Context) error {
	ch := make(chan error, 1)
	go chanhelp.Reply(ch, work())
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Fine: the channel is kept out of sight.
func Kept(ctx context.Context) error {
	ch := make(chan error)
	chanhelp.Keep(ch)
	go func() { ch <- work() }()
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// A goroutine of this package runs the helper: it sends once, the
// receiver may have left.
func Direct(ctx context.Context) error {
	ch := make(chan error)
	go chanhelp.Reply(ch, work()) // want `send on ch can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Fine: the constructor keeps the channel, and the loader's Run, started
// here, sends on it: "nothing sends" would be wrong.
func Watch() string {
	ch := make(chan string)
	ld := chanhelp.NewLoader(ch)
	go ld.Run()
	return <-ch
}
