// A leak: the select-timeout leak with two exclusive result channels. From: rclone
// cmd/gitannex/gitannex_test.go:287/289 (readLineWithTimeout) and
// backend/ftp/ftp_internal_test.go:104 (done <- true after `case <-deadline: t.Fatalf`).
// Why a bug: when the timeout wins, the reader goroutine later sends on an unbuffered
// channel nobody receives from and stays blocked for the rest of the test binary. lineChan
// and errChan are sent exclusively (one or the other), so the leaving path is the
// ctx.Done/timeout case. Fix: make(chan string, 1) and make(chan error, 1).
package devshapes

import (
	"bufio"
	"context"
	"time"
)

func readLineWithTimeout(r *bufio.Reader, d time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	lineChan := make(chan string)
	errChan := make(chan error)
	go func() {
		line, err := r.ReadString('\n')
		if err != nil {
			errChan <- err // want `send on errChan can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
		} else {
			lineChan <- line // want `send on lineChan can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
		}
	}()
	select {
	case line := <-lineChan:
		return line, nil
	case err := <-errChan:
		return "", err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
