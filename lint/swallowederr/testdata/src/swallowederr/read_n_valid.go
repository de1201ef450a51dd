// A look-alike that is harmless: n, _ := r.Read(b) to peek whether more data follows; n is
// valid whatever the error. From: containerd pkg/imageverifier/bindir/bindir.go:215 (if n,
// _ := stderrRead.Read(b); n > 0 { log "(previous logs may be truncated)" }). Why harmless:
// io.Reader's contract makes n meaningful with any error; the error is not needed to use n.
package swallowederr

import (
	"io"
	"log"
)

func logStderr(r io.Reader, limit int64) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		lr := &io.LimitedReader{R: r, N: limit}
		if _, err := io.Copy(io.Discard, lr); err != nil {
			log.Printf("stderr: %v", err)
		}
		if lr.N == 0 {
			b := make([]byte, 1)
			if n, _ := r.Read(b); n > 0 {
				log.Print("(previous logs may be truncated)")
			}
		}
	}()
	<-done
}
