// Package evaluator runs a program and hands its actions out one at a
// time.
package evaluator

import "errors"

type Eval struct {
	work chan int
}

// NextAction returns the next action, or nil, nil once there are no more:
// it never fails.
func (e *Eval) NextAction() (*int, error) {
	next, ok := <-e.work
	if !ok {
		return nil, nil
	}
	return &next, nil
}

// Step may fail.
func (e *Eval) Step() (*int, error) {
	next, ok := <-e.work
	if !ok {
		return nil, errors.New("no more work")
	}
	return &next, nil
}

// Run runs the program, closing work when it ends.
func (e *Eval) Run() (int, error) {
	defer close(e.work)
	e.work <- 1
	return 0, nil
}
