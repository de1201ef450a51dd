// Package neverfails returns on an error that a call cannot give: the
// path that returns is no path.
package neverfails

import (
	"errors"

	"evaluator"
)

// Fine: NextAction, in another package, never gives an error, so the loop
// leaves only by its break, and both values are received.
func Repl(e *evaluator.Eval) (int, error) {
	results := make(chan int)
	errs := make(chan error)
	go func() {
		res, err := e.Run()
		results <- res
		errs <- err
	}()
	for {
		a, err := e.NextAction()
		if a == nil {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	return <-results, <-errs
}

// Step can fail: returning on its error strands the sender.
func ReplSteps(e *evaluator.Eval) (int, error) {
	results := make(chan int)
	go func() {
		res, _ := e.Run()
		results <- res // want `send on results can block forever: the receiver can return at line 46 before receiving`
	}()
	for {
		a, err := e.Step()
		if a == nil {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	return <-results, nil
}

type queue struct{ items chan int }

// next never fails either, in this package.
func (q *queue) next() (int, error) {
	return <-q.items, nil
}

// Fine: next never gives an error.
func drain(q *queue, done chan<- struct{}) {
	results := make(chan int)
	go func() { results <- 1 }()
	if _, err := q.next(); err != nil {
		return
	}
	<-results
	close(done)
}

// pop may fail: err is not known to be nil.
func (q *queue) pop() (int, error) {
	v, ok := <-q.items
	if !ok {
		return 0, errors.New("closed")
	}
	return v, nil
}

func drainPop(q *queue, done chan<- struct{}) {
	results := make(chan int)
	go func() { results <- 1 }() // want `send on results can block forever`
	if _, err := q.pop(); err != nil {
		return
	}
	<-results
	close(done)
}

// Assigned again, err says nothing of NextAction's.
func reassigned(e *evaluator.Eval, again func() error) {
	results := make(chan int)
	go func() { results <- 1 }() // want `send on results can block forever`
	_, err := e.NextAction()
	err = again()
	if err != nil {
		return
	}
	<-results
}
