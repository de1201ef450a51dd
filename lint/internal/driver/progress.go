package driver

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress reports on stderr what a long run is doing, when stderr is a
// terminal: one line, redrawn in place, that appears once the run has taken
// longer than progressDelay and is erased when the run ends.
type progress struct {
	w    io.Writer
	stop chan struct{}
	wg   sync.WaitGroup

	mu    sync.Mutex
	what  string
	shown bool
}

// progressDelay is how long a run goes quietly before progress is shown;
// progressEvery is how often the line is redrawn after that.
const (
	progressDelay = time.Second
	progressEvery = 250 * time.Millisecond
)

func newProgress(w io.Writer, terminal bool) *progress {
	p := &progress{w: w}
	if !terminal {
		return p
	}
	p.stop = make(chan struct{})
	p.wg.Go(func() {
		timer := time.NewTimer(progressDelay)
		defer timer.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-timer.C:
				p.draw()
				timer.Reset(progressEvery)
			}
		}
	})
	return p
}

// phase records what the run is doing now.
func (p *progress) phase(what string) {
	p.mu.Lock()
	p.what = what
	p.mu.Unlock()
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.what != "" {
		fmt.Fprintf(p.w, "\r\033[Kleash: %s…", p.what)
		p.shown = true
	}
}

// clear erases the line, if shown, so that something else can be printed;
// the next redraw shows it again.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// done stops the redrawing and erases the line. It may be called more than
// once.
func (p *progress) done() {
	if p.stop != nil {
		close(p.stop)
		p.wg.Wait()
		p.stop = nil
	}
	p.clear()
}
