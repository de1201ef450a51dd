// A look-alike that is harmless: the error is handed to a recorder that counts it and
// returns its argument for chaining; the returned value is dropped because it was already
// logged and counted. From: rclone fs/filter/filter.go:657 (fs.Errorf(remote, ...); _ =
// fs.CountError(gCtx, err)). Why harmless: the call is the hand-on. A summary "returns its
// error argument" (or "records it") tells the check the error went somewhere.
package swallowederr

import (
	"log"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

var errorCount atomic.Int64

func countErr(err error) error {
	errorCount.Add(1)
	return err
}

func readAll(names <-chan string, open func(string) error) error {
	var g errgroup.Group
	for range 4 {
		g.Go(func() error {
			for name := range names {
				if err := open(name); err != nil {
					log.Printf("%s: %v", name, err)
					_ = countErr(err)
				}
			}
			return nil
		})
	}
	return g.Wait()
}
