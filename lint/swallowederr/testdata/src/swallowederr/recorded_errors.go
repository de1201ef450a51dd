package swallowederr

import (
	"errors"
	"strconv"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Fine: each task stores its error in its own slot before returning it,
// and the code reads the slots after Wait; Wait's copy is the first of
// them.
func ParseAll(fields []string) ([]int, error) {
	var g errgroup.Group
	out := make([]int, len(fields))
	errs := make([]error, len(fields))
	for i, f := range fields {
		g.Go(func() error {
			n, err := strconv.Atoi(f)
			if err != nil {
				errs[i] = err
				return err
			}
			out[i] = n
			return nil
		})
	}
	g.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// Fine: the same with a shared list under a mutex.
func ParseAllLocked(fields []string) ([]int, error) {
	var g errgroup.Group
	var mu sync.Mutex
	var errs []error
	out := make([]int, len(fields))
	for i, f := range fields {
		g.Go(func() error {
			n, err := strconv.Atoi(f)
			if err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
				return err
			}
			out[i] = n
			return nil
		})
	}
	g.Wait()
	return out, errors.Join(errs...)
}

// Reported: only one of the two failures is stored.
func ParsePairs(keys, values []string) error {
	var g errgroup.Group
	errs := make([]error, len(keys))
	for i := range keys {
		g.Go(func() error {
			if _, err := strconv.Atoi(keys[i]); err != nil {
				errs[i] = err
				return err
			}
			_, err := strconv.Atoi(values[i])
			return err
		})
	}
	g.Wait() // want `error of g.Wait ignored: a failed task goes unnoticed; check it and return it`
	return errors.Join(errs...)
}

// Reported: the task stores something else, in a variable of its own.
func ParseLocal(fields []string) error {
	var g errgroup.Group
	for _, f := range fields {
		g.Go(func() error {
			var last error
			_, err := strconv.Atoi(f)
			if err != nil {
				last = err
				return err
			}
			return last
		})
	}
	g.Wait() // want `error of g.Wait ignored: a failed task goes unnoticed; check it and return it`
	return nil
}

// Reported: the error returned is not the one stored.
func ParseRetried(fields []string, retry func(string) error) error {
	var g errgroup.Group
	errs := make([]error, len(fields))
	for i, f := range fields {
		g.Go(func() error {
			_, err := strconv.Atoi(f)
			if err != nil {
				errs[i] = err
				err = retry(f)
				return err
			}
			return nil
		})
	}
	g.Wait() // want `error of g.Wait ignored: a failed task goes unnoticed; check it and return it`
	return errors.Join(errs...)
}
