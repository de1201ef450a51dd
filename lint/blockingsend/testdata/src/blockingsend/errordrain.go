package blockingsend

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

type columnResult struct {
	idx  int
	data []byte
	err  error
}

// A consumer that stops at the first error and then drains what is left,
// the shape of arrow-go's parallel column reader: the break always sets
// err (to a value just tested against nil), so the drain always runs
// after it, and every sender is received from.
func readColumns(ctx context.Context, cols []int, read func(int) ([]byte, error)) ([][]byte, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan columnResult)
	var wg sync.WaitGroup
	for _, c := range cols {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data, err := read(c)
			results <- columnResult{c, data, err}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	out := make([][]byte, len(cols))
	var err error
	for r := range results {
		if r.err != nil {
			err = r.err
			cancel()
			break
		}
		out[r.idx] = r.data
	}
	err = errors.Join(err, ctx.Err())
	if err != nil {
		for range results {
		}
		return nil, err
	}
	return out, nil
}

// The look-alike: the break keeps the error elsewhere, so the drain is
// skipped when ctx is still live, and the senders left block forever.
func readColumnsNoDrain(ctx context.Context, cols []int, read func(int) ([]byte, error)) ([][]byte, error) {
	results := make(chan columnResult)
	var wg sync.WaitGroup
	for _, c := range cols {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data, err := read(c)
			results <- columnResult{c, data, err} // want `send on results can block forever`
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	out := make([][]byte, len(cols))
	var err, first error
	for r := range results {
		if r.err != nil {
			first = r.err
			break
		}
		out[r.idx] = r.data
	}
	err = errors.Join(err, ctx.Err())
	if err != nil {
		for range results {
		}
		return nil, err
	}
	return out, first
}

// The same with the error wrapped: fmt.Errorf never returns nil, so the
// drain runs after the break.
func readColumnsWrapped(cols []int, read func(int) ([]byte, error)) ([][]byte, error) {
	results := make(chan columnResult)
	var wg sync.WaitGroup
	for _, c := range cols {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data, err := read(c)
			results <- columnResult{c, data, err}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	out := make([][]byte, len(cols))
	var err error
	for r := range results {
		if r.data == nil {
			err = fmt.Errorf("column %d: empty", r.idx)
			break
		}
		out[r.idx] = r.data
	}
	if err != nil {
		for range results {
		}
		return nil, err
	}
	return out, nil
}
