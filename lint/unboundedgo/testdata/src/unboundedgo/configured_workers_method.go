// A look-alike that is harmless: a configured number of workers, each a method that takes
// work from a queue until it is closed. From: rclone fs/sync/sync.go:532, :548, :567 (for i
// := range s.ci.Checkers { go s.pairChecker(s.toBeChecked, ...) }; toBeChecked is a *pipe,
// a queue type with a Get method, not a chan). Why harmless: the loop bound is a
// configuration value (--checkers, --transfers) and every goroutine is a worker that pulls
// from the queue until it is closed; the input decides how much work flows, not how many
// goroutines exist. A summary "pairChecker loops until in.Get reports closed" would.
package unboundedgo

import (
	"context"
	"sync"
)

type ConfigInfo struct{ Checkers, Transfers int } // rclone: fs.ConfigInfo

type pipe struct{ c chan string }

func (p *pipe) Get(ctx context.Context) (string, bool) {
	select {
	case s, ok := <-p.c:
		return s, ok
	case <-ctx.Done():
		return "", false
	}
}

type syncCopy struct {
	ctx       context.Context
	ci        *ConfigInfo
	toCheck   *pipe
	checkerWg sync.WaitGroup
}

func (s *syncCopy) startCheckers() {
	s.checkerWg.Add(s.ci.Checkers)
	for i := range s.ci.Checkers {
		fraction := (100 * i) / s.ci.Checkers
		go s.pairChecker(s.toCheck, fraction, &s.checkerWg)
	}
}

func (s *syncCopy) pairChecker(in *pipe, fraction int, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		name, ok := in.Get(s.ctx)
		if !ok {
			return
		}
		_, _ = name, fraction // compare source and destination
	}
}
