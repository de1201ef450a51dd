package swallowederr

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// Fine: the task is made by a function of the package whose literal only
// returns nil, when its context is done; its Wait has nothing to report.
func ShowProgress(ctx context.Context, progress <-chan string) {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(printProgress(ctx, progress))
	g.Wait()
}

func printProgress(ctx context.Context, progress <-chan string) func() error {
	return func() error {
		for {
			select {
			case msg := <-progress:
				fmt.Println(msg)
			case <-ctx.Done():
				return nil
			}
		}
	}
}

// Reported: the literal the function makes hands on a failure.
func CopyProgress(ctx context.Context, progress <-chan string, write func(string) error) {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(copyProgress(ctx, progress, write))
	g.Wait() // want `error of g.Wait ignored: a failed task goes unnoticed; check it and return it`
}

func copyProgress(ctx context.Context, progress <-chan string, write func(string) error) func() error {
	return func() error {
		for {
			select {
			case msg := <-progress:
				if err := write(msg); err != nil {
					return err
				}
			case <-ctx.Done():
				return nil
			}
		}
	}
}

// Reported: the function returns a task it did not write here.
func RunChosen(ctx context.Context, tasks map[string]func() error, name string) {
	var g errgroup.Group
	g.Go(chooseTask(tasks, name))
	g.Wait() // want `error of g.Wait ignored: a failed task goes unnoticed; check it and return it`
}

func chooseTask(tasks map[string]func() error, name string) func() error {
	if t, ok := tasks[name]; ok {
		return t
	}
	return func() error { return nil }
}
