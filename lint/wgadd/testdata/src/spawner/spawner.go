// Package spawner holds what wgadd reports without -wgadd.audit: an Add
// inside a goroutine whose starter goes on to Wait on the same WaitGroup,
// so that every run races. An Add whose only Wait is in another function
// (a Stop or Close) is an audit finding: whether that Wait runs while the
// goroutine is starting depends on its callers.
package spawner

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

func fetch(string) {}

// Reported: the seed's pitfall, Wait right after the loop that starts.
func firstStatement(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		go func() {
			wg.Add(1) // want `wg.Add inside the goroutine it counts races with wg.Wait`
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

// Reported: the WaitGroup handed to a named function by pointer; the
// starter waits on what it passed.
func counted(wg *sync.WaitGroup, u string) {
	wg.Add(1) // want `wg.Add inside the goroutine it counts`
	defer wg.Done()
	fetch(u)
}

func passPointer(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		go counted(&wg, u)
	}
	wg.Wait()
}

type crawler struct {
	wg   sync.WaitGroup
	urls chan string
}

// Reported: a method started with go, its starter waiting on the field.
func (c *crawler) worker() {
	c.wg.Add(1) // want `c.wg.Add inside the goroutine it counts`
	defer c.wg.Done()
	for u := range c.urls {
		fetch(u)
	}
}

func (c *crawler) crawl(n int) {
	for i := 0; i < n; i++ {
		go c.worker()
	}
	c.wg.Wait()
}

// Reported: a group task counting itself on a WaitGroup its starter waits on.
func inGroupTask(urls []string) error {
	var wg sync.WaitGroup
	var g errgroup.Group
	for _, u := range urls {
		g.Go(func() error {
			wg.Add(1) // want `wg.Add inside the goroutine it counts`
			defer wg.Done()
			fetch(u)
			return nil
		})
	}
	wg.Wait()
	return g.Wait()
}

type server struct {
	wg    sync.WaitGroup
	conns chan string
}

// Not by default: the only Wait is in Stop. It races with this Add only if
// Stop is called while serve is starting — on the code measured, mostly as
// the process shut down.
func (s *server) serve() {
	s.wg.Add(1)
	defer s.wg.Done()
	for c := range s.conns {
		fetch(c)
	}
}

func (s *server) Start() { go s.serve() }

func (s *server) Stop() {
	close(s.conns)
	s.wg.Wait()
}

// Not by default: a Wait before the start does not race with it.
func waitFirst(urls []string) {
	var wg sync.WaitGroup
	wg.Wait()
	go func() {
		wg.Add(1)
		defer wg.Done()
		fetch(urls[0])
	}()
}

// Not by default: a Wait on another WaitGroup.
func otherGroup(urls []string) {
	var wg, other sync.WaitGroup
	go func() {
		wg.Add(1)
		defer wg.Done()
		fetch(urls[0])
	}()
	other.Wait()
}
