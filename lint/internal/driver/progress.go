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

	mu     sync.Mutex
	what   string
	detail func() string // more about what, with its time; may be nil
	shown  bool
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
	p.what, p.detail = what, nil
	p.mu.Unlock()
}

// timedPhase records what the run is doing now, shown with the time it has
// taken so far and, when detail returns one, what it is at.
func (p *progress) timedPhase(what string, detail func() string) {
	start := time.Now()
	p.mu.Lock()
	p.what = what
	p.detail = func() string {
		took := time.Since(start).Round(time.Second).String()
		if d := detail(); d != "" {
			return took + "; " + d
		}
		return took
	}
	p.mu.Unlock()
}

// listingPhase records that the go command is listing the packages and
// building their dependencies, which on a cold build cache can take many
// minutes: the progress line shows how long so far and which packages the
// go command is compiling.
func (p *progress) listingPhase() {
	var last time.Time
	var now []string
	p.timedPhase("listing packages, building dependencies", func() string {
		if time.Since(last) >= time.Second { // a look at every process, once a second at most
			now, last = compiling(), time.Now()
		}
		switch len(now) {
		case 0:
			return ""
		case 1:
			return "compiling " + now[0]
		}
		return fmt.Sprintf("compiling %s +%d", now[0], len(now)-1)
	})
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.what == "" {
		return
	}
	line := "leash: " + p.what
	if p.detail != nil {
		line += " (" + p.detail() + ")"
	}
	// A line longer than the terminal is wide would wrap, and the next
	// redraw would erase only its last part.
	if r := []rune(line); len(r) > maxLine-1 {
		line = string(r[:maxLine-1])
	}
	fmt.Fprintf(p.w, "\r\033[K%s…", line)
	p.shown = true
}

// maxLine is the width of the progress line: that of the narrowest usual
// terminal, less one column.
const maxLine = 79

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
