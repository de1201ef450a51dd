// A look-alike that is harmless: a buffered channel used as a queue, every
// operation on it made under one mutex, each after checking len under that
// mutex. From: VictoriaMetrics lib/persistentqueue/fastqueue.go (fq.ch,
// guarded by fq.mu: write flushes when len(fq.ch) == cap(fq.ch), then
// sends; read receives only if len(fq.ch) > 0). Why harmless: while the
// mutex is held no other goroutine can touch the channel, so a receive
// after len > 0 finds a value and a send after len < cap finds room;
// neither ever waits, and nothing needs the mutex to end a wait.
package devshapes

import "sync"

type fqBuffer struct{ B []byte }

type fastQueue struct {
	mu   sync.Mutex
	cond sync.Cond
	ch   chan *fqBuffer
	disk [][]byte
}

func newFastQueue(n int) *fastQueue {
	fq := &fastQueue{ch: make(chan *fqBuffer, n)}
	fq.cond.L = &fq.mu
	return fq
}

func (fq *fastQueue) write(b []byte) {
	fq.mu.Lock()
	defer fq.mu.Unlock()
	if n := len(fq.ch); n == cap(fq.ch) {
		fq.flushLocked()
	}
	bb := &fqBuffer{B: append([]byte(nil), b...)}
	fq.ch <- bb
	fq.cond.Signal()
}

// flushLocked moves what the channel holds to disk; fq.mu is held.
func (fq *fastQueue) flushLocked() {
	for len(fq.ch) > 0 {
		bb := <-fq.ch
		fq.disk = append(fq.disk, bb.B)
	}
}

func (fq *fastQueue) read() []byte {
	fq.mu.Lock()
	defer fq.mu.Unlock()
	for {
		if len(fq.ch) > 0 {
			bb := <-fq.ch
			return bb.B
		}
		if len(fq.disk) > 0 {
			b := fq.disk[0]
			fq.disk = fq.disk[1:]
			return b
		}
		fq.cond.Wait()
	}
}

// tryWrite sends only when there is room, and says whether it did.
func (fq *fastQueue) tryWrite(b []byte) bool {
	fq.mu.Lock()
	defer fq.mu.Unlock()
	if len(fq.ch) < cap(fq.ch) {
		fq.ch <- &fqBuffer{B: b}
		return true
	}
	return false
}

// popLocked waits for a value; fq.mu is held, and Wait checks the length
// again each time it has released it.
func (fq *fastQueue) popLocked() *fqBuffer {
	for len(fq.ch) == 0 {
		fq.cond.Wait()
	}
	return <-fq.ch
}

// takeLocked takes a value if there is one; fq.mu is held.
func (fq *fastQueue) takeLocked() *fqBuffer {
	if n := len(fq.ch); n == 0 {
		return nil
	}
	return <-fq.ch
}

func (fq *fastQueue) next(wait bool) *fqBuffer {
	fq.mu.Lock()
	defer fq.mu.Unlock()
	if wait {
		return fq.popLocked()
	}
	return fq.takeLocked()
}

func (fq *fastQueue) Close() {
	fq.mu.Lock()
	fq.flushLocked()
	fq.mu.Unlock()
}
