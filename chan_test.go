package leash_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/leash-go/leash"
)

func TestSendDelivers(t *testing.T) {
	ch := make(chan int, 1)
	if err := leash.Send(context.Background(), ch, 7); err != nil || <-ch != 7 {
		t.Fatalf("Send() = %v", err)
	}
}

func TestSendGivesUpWhenTheReceiverLeft(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		ch := make(chan int) // nobody will ever receive
		start := time.Now()
		if err := leash.Send(ctx, ch, 1); err != context.DeadlineExceeded {
			t.Fatalf("Send() = %v, want %v", err, context.DeadlineExceeded)
		}
		if waited := time.Since(start); waited != time.Second {
			t.Fatalf("Send waited %v, want until the deadline (1s)", waited)
		}
	})
}

func TestSendOnAnEndedContextDoesNotSend(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ch := make(chan int, 1) // room to spare
	for range 100 {         // a select would pick the send half of the time
		if err := leash.Send(ctx, ch, 1); err != context.Canceled {
			t.Fatalf("Send() = %v, want %v", err, context.Canceled)
		}
	}
	if len(ch) != 0 {
		t.Fatal("Send sent on an ended context")
	}
}

func TestRecv(t *testing.T) {
	ch := make(chan string, 1)
	ch <- "hello"
	v, ok, err := leash.Recv(context.Background(), ch)
	if v != "hello" || !ok || err != nil {
		t.Fatalf("Recv() = %q, %v, %v", v, ok, err)
	}
	close(ch)
	v, ok, err = leash.Recv(context.Background(), ch)
	if v != "" || ok || err != nil {
		t.Fatalf("Recv() on a closed channel = %q, %v, %v; want \"\", false, nil", v, ok, err)
	}
}

func TestRecvGivesUpWhenTheContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			time.Sleep(time.Minute)
			cancel()
		}()
		v, ok, err := leash.Recv(ctx, make(chan int))
		if v != 0 || ok || err != context.Canceled {
			t.Fatalf("Recv() = %v, %v, %v; want 0, false, %v", v, ok, err, context.Canceled)
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ch := make(chan int, 1)
	ch <- 1
	if _, _, err := leash.Recv(ctx, ch); err != context.Canceled || len(ch) != 1 {
		t.Fatalf("Recv() on an ended context = %v, took a value: %v", err, len(ch) == 0)
	}
}

// A nil context gets the advice every entry point gives, not a nil
// dereference.
func TestSendAndRecvWithANilContext(t *testing.T) {
	ch := make(chan int, 1)
	mustPanicWith(t, "leash: nil Context: pass the caller's context", func() { leash.Send(nil, ch, 1) })
	mustPanicWith(t, "leash: nil Context: pass the caller's context", func() { leash.Recv(nil, ch) })
	if len(ch) != 0 {
		t.Fatal("Send with a nil context sent")
	}
}
