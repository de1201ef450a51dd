// TP shape (test failure path only): N producers send on unbuffered channels; the consumer loop
// stops at a failed assertion (t.Fatal / FailNow), leaving the rest blocked.
// From: thanos pkg/receive/multitsdb_test.go:244/248/344/357 (100 rounds of g.Go tasks sending on
// respFoo/respBar; the receiving loop calls testutil.Equals, which calls t.Fatal).
// Why true, and why the current message is wrong: the loop only leaves normally when a channel is
// closed, which happens after g.Wait(), i.e. after every send. The current report says the
// receiver leaves "when <-respBar wins the select"; the real leaving path is the fatal assertion.
// A rebuilt check should name that path (or stay silent if it treats t.Fatal paths as out of scope).
//
// With the rebuilt check: the loop leaves only once a channel is closed,
// after every task is done, or through t.Fatalf; the senders block only once
// the test has failed, which the check leaves alone.
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
