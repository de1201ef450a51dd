package driver

import (
	"bytes"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the progress goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestProgress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out syncBuffer
		p := newProgress(&out, true)
		p.phase("loading packages")
		time.Sleep(progressDelay / 2)
		synctest.Wait()
		if out.String() != "" {
			t.Fatalf("progress shown before %v: %q", progressDelay, out.String())
		}
		time.Sleep(progressDelay)
		synctest.Wait()
		if !strings.Contains(out.String(), "\r\033[Kleash: loading packages…") {
			t.Fatalf("no progress line after %v: %q", progressDelay, out.String())
		}
		p.phase("checked 3 of 9 packages")
		time.Sleep(progressEvery)
		synctest.Wait()
		if !strings.Contains(out.String(), "leash: checked 3 of 9 packages…") {
			t.Fatalf("progress not redrawn: %q", out.String())
		}
		p.done()
		if !strings.HasSuffix(out.String(), "\r\033[K") {
			t.Errorf("line not erased at the end: %q", out.String())
		}
		p.done() // a second call is harmless
	})
}

func TestNoProgressOffTerminal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out syncBuffer
		p := newProgress(&out, false)
		p.phase("loading packages")
		time.Sleep(3 * progressDelay)
		synctest.Wait()
		p.done()
		if out.String() != "" {
			t.Errorf("progress written to a non-terminal: %q", out.String())
		}
	})
}

func TestTimedPhase(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out syncBuffer
		p := newProgress(&out, true)
		var at atomic.Value // what the detail says; the progress goroutine reads it
		at.Store("")
		p.timedPhase("building", func() string { return at.Load().(string) })
		time.Sleep(progressDelay)
		synctest.Wait()
		if !strings.HasSuffix(out.String(), "\r\033[Kleash: building (1s)…") {
			t.Fatalf("progress %q, want the time so far", out.String())
		}
		at.Store("compiling net/http")
		time.Sleep(time.Second)
		synctest.Wait()
		if !strings.HasSuffix(out.String(), "\r\033[Kleash: building (2s; compiling net/http)…") {
			t.Fatalf("progress %q, want the time and what it is at", out.String())
		}
		p.done()
	})
}

// The line never wraps on a terminal 80 columns wide.
func TestProgressLineFits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out syncBuffer
		p := newProgress(&out, true)
		p.phase(strings.Repeat("é", 200))
		time.Sleep(progressDelay)
		synctest.Wait()
		p.done()
		line := strings.Split(out.String(), "\r\033[K")[1]
		if n := len([]rune(line)); n != 79 || !strings.HasPrefix(line, "leash: éé") || !strings.HasSuffix(line, "é…") {
			t.Errorf("progress line of %d characters: %q; want 79", n, line)
		}
	})
}
