// A look-alike that is harmless: a test helper (a closure) starts the goroutine that sends
// and receives its one value itself, failing the test on a timeout. From: containerd
// integration/shim_dial_unix_test.go:100 (checkDialErr := func(errCh chan error, ...) { go
// func() { errCh <- dial() }(); select { case <-time.After(d): t.Fatalf(...); case err :=
// <-errCh: ... } }). Why harmless: every call of the helper that returns has received the
// value its goroutine sends; a call that times out has failed the test and never returns.
package devshapes

import (
	"errors"
	"testing"
	"time"
)

func dialOnce() error { return errors.New("refused") }

func helperStartsAndReceives(t *testing.T) {
	var (
		errCh = make(chan error, 1)
		check = func(errCh chan error, want error) {
			go func() {
				errCh <- dialOnce()
			}()
			select {
			case <-time.After(10 * time.Second):
				t.Fatalf("timed out")
			case err := <-errCh:
				if err != want {
					t.Fatalf("got %v", err)
				}
			}
		}
	)
	go func() {
		to := time.After(time.Second)
		for {
			select {
			case <-to:
				errCh <- errors.New("timeout")
				return
			default:
			}
			if err := dialOnce(); err != nil {
				errCh <- err
				return
			}
			errCh <- nil
			return
		}
	}()
	if err := <-errCh; err != nil {
		t.Fatal(err)
	}
	check(errCh, nil)
	if t.Name() == "" {
		check(errCh, nil)
	} else {
		check(errCh, errors.ErrUnsupported)
	}
}
