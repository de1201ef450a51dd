// Tasks that return nil on every failure, on purpose, so that one failing
// task does not cancel the others: the group is there to wait, and the
// only error a task returns is one it made to stop the rest once it has an
// answer. Neither the nil returns nor the ignored Wait lose a failure.
// A task that returns one failure and drops another is a slip.
package swallowederr

import (
	"context"
	"errors"
	"net/http"

	"golang.org/x/sync/errgroup"
)

var errAnswered = errors.New("answered")

// Fine: ask every mirror, take the first answer; a mirror that fails is
// skipped, not allowed to cancel the others.
func firstAnswer(ctx context.Context, mirrors []string) *http.Response {
	answers := make(chan *http.Response, len(mirrors))
	g, ctx := errgroup.WithContext(ctx)
	for _, m := range mirrors {
		g.Go(func() error {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, m, nil)
			if err != nil {
				return nil
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return nil
			}
			answers <- resp
			return errAnswered
		})
	}
	_ = g.Wait()
	close(answers)
	return <-answers
}

// Fine for the same reason, with the stop signal made in place.
func firstAnswerMadeInPlace(ctx context.Context, mirrors []string) {
	g, ctx := errgroup.WithContext(ctx)
	for _, m := range mirrors {
		g.Go(func() error {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, m, nil)
			if err != nil {
				return nil
			}
			if _, err := http.DefaultClient.Do(req); err != nil {
				return nil
			}
			return errors.New("done")
		})
	}
	g.Wait()
}

// The task hands one failure on and drops the other.
func fetchAll(ctx context.Context, urls []string) {
	g, ctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		g.Go(func() error {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
			if err != nil {
				return err
			}
			if _, err := http.DefaultClient.Do(req); err != nil {
				return nil // want `task returns nil when err != nil, so the group reports success for a failed task: return err`
			}
			return nil
		})
	}
	g.Wait() // want `error of g.Wait ignored: a failed task goes unnoticed; check it and return it`
}
