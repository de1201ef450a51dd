package taskstat_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/leash-go/leash"
	"github.com/leash-go/leash/contrib/internal/taskstat"
	"github.com/leash-go/leash/leashtest"
)

func TestMain(m *testing.M) { leashtest.Main(m) }

func TestOutcome(t *testing.T) {
	cases := []struct {
		e    leash.Event
		want int
	}{
		{leash.Event{Kind: leash.TaskEnded}, taskstat.Succeeded},
		{leash.Event{Kind: leash.TaskEnded, Err: errors.New("boom")}, taskstat.Failed},
		{leash.Event{Kind: leash.TaskEnded, Err: fmt.Errorf("fetch: %w", context.Canceled)}, taskstat.Canceled},
		{leash.Event{Kind: leash.TaskEnded, Err: context.DeadlineExceeded}, taskstat.Failed},
		{leash.Event{Kind: leash.TaskPanicked, Err: errors.New("boom")}, taskstat.Panicked},
	}
	for _, c := range cases {
		if got := taskstat.Outcome(&c.e); got != c.want {
			t.Errorf("Outcome(%v, %v) = %s, want %s", c.e.Kind, c.e.Err, taskstat.OutcomeNames[got], taskstat.OutcomeNames[c.want])
		}
	}
}

// Two calls of one pool with different limits, and one without: the
// changes add back up to nothing once every call has ended.
func TestLimitChange(t *testing.T) {
	var a, b, u taskstat.Call
	limit, unlimited := 0, 0
	apply := func(c *taskstat.Call, kind leash.EventKind, l int) {
		dl, du, ok := c.LimitChange(&leash.Event{Kind: kind, Limit: l})
		if !ok {
			t.Fatalf("%v: not a call event", kind)
		}
		limit += dl
		unlimited += du
	}
	apply(&a, leash.CallStarted, 4)
	apply(&b, leash.CallStarted, 2)
	apply(&u, leash.CallStarted, 0)
	if limit != 6 || unlimited != 1 {
		t.Errorf("under way: limit %d, unlimited %d; want 6 and 1", limit, unlimited)
	}
	apply(&a, leash.CallEnded, 0) // CallEnded carries no limit
	apply(&u, leash.CallEnded, 0)
	apply(&b, leash.CallEnded, 0)
	if limit != 0 || unlimited != 0 {
		t.Errorf("all ended: limit %d, unlimited %d; want 0 and 0", limit, unlimited)
	}
	if _, _, ok := a.LimitChange(&leash.Event{Kind: leash.TaskStarted}); ok {
		t.Error("a task event changed the limit")
	}
}

func TestBucketsAreCopies(t *testing.T) {
	b := taskstat.Buckets()
	b[0] = -1
	if taskstat.Buckets()[0] == -1 {
		t.Error("Buckets returned its own slice")
	}
}

func ExampleOutcome() {
	e := leash.Event{Kind: leash.TaskEnded, Err: context.Canceled}
	fmt.Println(taskstat.OutcomeNames[taskstat.Outcome(&e)])
	// Output: canceled
}

func ExampleCall_LimitChange() {
	var c taskstat.Call
	fmt.Println(c.LimitChange(&leash.Event{Kind: leash.CallStarted, Limit: 8}))
	fmt.Println(c.LimitChange(&leash.Event{Kind: leash.CallEnded}))
	// Output:
	// 8 0 true
	// -8 0 true
}

func ExampleBuckets() {
	b := taskstat.Buckets()
	fmt.Println(len(b), b[0], b[len(b)-1])
	// Output: 18 0.0001 60
}
