package audit

import (
	"context"
	"io"
	"os"
	"sync"
)

// Stopping or awaiting what already runs, one goroutine per element: the
// elements exist already, each with its own goroutine; running their
// shutdowns at once bounds the wait by the slowest, not by the sum.

type targetLoop struct{ done chan struct{} }

func (l *targetLoop) stop()                         { close(l.done) }
func (l *targetLoop) scrape(ctx context.Context)    {}
func (l *targetLoop) Close() error                  { return nil }
func (l *targetLoop) waitReady(ctx context.Context) {}

// Fine: each goroutine stops one loop.
func StopAll(loops map[string]*targetLoop) {
	var wg sync.WaitGroup
	for _, l := range loops {
		wg.Add(1)
		go func(l *targetLoop) {
			l.stop()
			wg.Done()
		}(l)
	}
	wg.Wait()
}

// Fine: the method that runs is a Close.
func CloseAll(loops []*targetLoop) {
	var wg sync.WaitGroup
	for _, l := range loops {
		wg.Go(func() { l.Close() })
	}
	for _, l := range loops {
		go l.Close()
	}
	wg.Wait()
}

// Fine: waiting for each loop and passing the signal on.
func AwaitAll(ctx context.Context, loops []*targetLoop, gone chan<- struct{}) {
	for _, l := range loops {
		go func() {
			select {
			case <-l.done:
			case <-ctx.Done():
				return
			}
			gone <- struct{}{}
		}()
	}
}

// Work per element is still a fan-out, even after a teardown-like call on
// something else.
func ScrapeAll(ctx context.Context, loops []*targetLoop, old *targetLoop) {
	for _, l := range loops {
		go func() { // want `goroutine per element of loops with no limit`
			l.scrape(ctx)
			l.stop()
		}()
	}
	for _, l := range loops {
		go func() { // want `goroutine per element of loops with no limit`
			old.stop()
			l.scrape(ctx)
		}()
	}
}

type job struct{}

func (j *job) Run(ctx context.Context) {}
func (j *job) Cancel()                 {}

// Work first, teardown after: a fan-out of work, even with the Close or
// Cancel deferred or after the work.
func CopyAll(files []*os.File, dst io.Writer, jobs []*job, ctx context.Context) {
	for _, f := range files {
		go func() { // want `goroutine per element of files with no limit`
			defer f.Close()
			io.Copy(dst, f)
		}()
	}
	for _, f := range files {
		go func() { // want `goroutine per element of files with no limit`
			io.Copy(dst, f)
			f.Close()
		}()
	}
	for _, j := range jobs {
		go func(j *job) { // want `goroutine per element of jobs with no limit`
			defer j.Cancel()
			j.Run(ctx)
		}(j)
	}
}
