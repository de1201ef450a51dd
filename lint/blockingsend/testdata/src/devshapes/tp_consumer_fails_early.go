// N producers send on unbuffered channels; the consumer loop leaves only
// once a channel is closed, after every task is done, or through t.Fatalf.
// The senders block only once the test has failed, which the check leaves
// alone. From: thanos pkg/receive/multitsdb_test.go:244/248/344/357.
package devshapes

import (
	"testing"

	"golang.org/x/sync/errgroup"
)

func collectResponses(t *testing.T, get func() string) {
	var g errgroup.Group
	respFoo := make(chan string)
	respBar := make(chan string)
	for range 100 {
		g.Go(func() error { respFoo <- get(); return nil })
		g.Go(func() error { respBar <- get(); return nil })
	}
	go func() {
		_ = g.Wait()
		close(respFoo)
		close(respBar)
	}()
	for {
		select {
		case r, ok := <-respFoo:
			if !ok {
				return
			}
			if r != "foo" {
				t.Fatalf("got %q", r)
			}
		case r, ok := <-respBar:
			if !ok {
				return
			}
			if r != "bar" {
				t.Fatalf("got %q", r)
			}
		}
	}
}
