package wgadd

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

func fetch(string) {}

// The seed's pitfall: Add as the first statement of the goroutine.
func firstStatement(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		go func() {
			wg.Add(1) // want `wg.Add inside the goroutine it counts races with wg.Wait: call wg.Add before the go statement, or start the goroutine with wg.Go`
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

// Add after other work is the same race, with a wider window.
func laterStatement(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		go func(u string) {
			fetch(u)
			wg.Add(1) // want `wg.Add inside the goroutine it counts`
			wg.Done()
		}(u)
	}
	wg.Wait()
}

type crawler struct {
	wg   sync.WaitGroup
	urls chan string
}

// A method started with go that counts itself.
func (c *crawler) worker() {
	c.wg.Add(1) // want `c.wg.Add inside the goroutine it counts`
	defer c.wg.Done()
	for u := range c.urls {
		fetch(u)
	}
}

func (c *crawler) start(n int) {
	for i := 0; i < n; i++ {
		go c.worker()
	}
	c.wg.Wait()
}

// A WaitGroup passed by pointer to a named function.
func counted(wg *sync.WaitGroup, u string) {
	defer wg.Done()
	if u == "" {
		return
	}
	wg.Add(1) // want `wg.Add inside the goroutine it counts`
	fetch(u)
}

func passPointer(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		go counted(&wg, u)
	}
	wg.Wait()
}

// Inside an errgroup task, counting the task on another WaitGroup.
func inGroupTask(urls []string) error {
	var wg sync.WaitGroup
	var g errgroup.Group
	for _, u := range urls {
		g.Go(func() error {
			wg.Add(1) // want `wg.Add inside the goroutine it counts`
			defer func() { wg.Done() }()
			fetch(u)
			return nil
		})
	}
	wg.Wait()
	return g.Wait()
}

// Fine: Add before go.
func addBefore(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

// Fine: wg.Go counts for you.
func waitGroupGo(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() { fetch(u) })
	}
	wg.Wait()
}

// Fine: a goroutine that adds for the goroutines it starts itself, before
// starting them, and waits for them.
func dispatcher(jobs <-chan string, done chan<- struct{}) {
	go func() {
		var wg sync.WaitGroup
		for u := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				fetch(u)
			}()
		}
		wg.Wait()
		close(done)
	}()
}

// Fine: the goroutine adds to a different WaitGroup than the one it is
// counted by.
func twoGroups(urls []string) {
	var outer, inner sync.WaitGroup
	outer.Add(1)
	go func() {
		defer outer.Done()
		for _, u := range urls {
			inner.Add(1)
			go func() {
				defer inner.Done()
				fetch(u)
			}()
		}
	}()
	outer.Wait()
	inner.Wait()
}

// Fine: a goroutine counted by wg that adds for the goroutines it starts
// (the shape of a server handing each stream to a goroutine of its own).
func handler(serve func(func(string))) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		serve(func(u string) {
			wg.Add(1)
			go func() {
				fetch(u)
				wg.Done()
			}()
		})
		wg.Done()
	}()
	wg.Wait()
}

func suppressed(urls []string) {
	var wg sync.WaitGroup
	go func() {
		defer wg.Done()
		//leash:ignore wgadd the parent waits on a channel before calling Wait
		wg.Add(1)
		fetch(urls[0])
	}()
	wg.Wait()
}
