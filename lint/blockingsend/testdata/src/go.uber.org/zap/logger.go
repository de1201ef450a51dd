// Package zap stands in for go.uber.org/zap, whose Logger.Fatal and
// Logger.Panic ctrlflow knows by name never to return and builds no graph
// for: the check must still walk them, and the rest of the package.
package zap

import (
	"errors"
	"os"
	"sync"
)

type Logger struct {
	mu  sync.Mutex
	out []string
}

func (l *Logger) Fatal(msg string) {
	l.mu.Lock()
	l.out = append(l.out, msg)
	l.mu.Unlock()
	os.Exit(1)
}

func (l *Logger) Panic(msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	panic(msg)
}

// firstError is the playbook's leak, in the same package: still reported.
func firstError(jobs []func() error) error {
	errc := make(chan error)
	for _, job := range jobs {
		go func() { errc <- job() }() // want `.*`
	}
	for range jobs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return errors.New("unreachable")
}
