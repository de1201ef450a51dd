// Receivers that leave without receiving by more than one return. The
// finding names each (// named), in source order, up to four; the last
// named says how many more there are (// unnamed).
package exitsnamed

import (
	"compress/gzip"
	"errors"
	"io"
)

// gzip.NewWriterLevel never fails at level 1, so the first return never
// runs; the second, on a failed upload, leaves the compressor blocked on
// its send all the same.
func compress(w io.Writer, r io.Reader, upload func(io.Reader) error) error {
	pr, pw := io.Pipe()
	done := make(chan error)
	go func() {
		_, err := io.Copy(pw, r)
		pw.CloseWithError(err)
		done <- err // want `send on done can block forever: the receiver can return at line \d+ before receiving`
	}()
	zw, err := gzip.NewWriterLevel(w, 1)
	if err != nil {
		return err // named
	}
	if err := upload(pr); err != nil {
		return err // named
	}
	if err := zw.Close(); err != nil {
		return errors.Join(err, <-done)
	}
	return <-done
}

func step(n int) error {
	if n < 0 {
		return errors.New("negative step")
	}
	return nil
}

// Six checks before the receive, each a way out.
func steps() error {
	ch := make(chan int)
	go func() {
		ch <- 1 // want `send on ch can block forever: the receiver can return at line \d+ before receiving`
	}()
	if err := step(1); err != nil {
		return err // named
	}
	if err := step(2); err != nil {
		return err // named
	}
	if err := step(3); err != nil {
		return err // named
	}
	if err := step(4); err != nil {
		return err // named
	}
	if err := step(5); err != nil {
		return err // unnamed
	}
	if err := step(6); err != nil {
		return err // unnamed
	}
	<-ch
	return nil
}
