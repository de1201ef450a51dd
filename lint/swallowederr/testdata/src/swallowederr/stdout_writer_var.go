// A look-alike that is harmless: a progress display written to os.Stdout through writers
// kept in variables (a tabwriter over a progress writer); their Flush errors are dropped.
// From: containerd cmd/ctr/commands/images/push.go:238/243/246 (fw :=
// progress.NewWriter(os.Stdout); tw := tabwriter.NewWriter(fw, ...); fw.Flush(); tw.Flush()
// in a group task). Why harmless: errcheck's convention (fmt.Print to os.Stdout) applies to
// the same writes made through a wrapper; a failed terminal write is not an error the
// command should fail on.
package swallowederr

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"golang.org/x/sync/errgroup"
)

func showProgress(ctx context.Context, status func() []string) error {
	eg, ctx := errgroup.WithContext(ctx)
	eg.Go(func() error {
		ticker := time.NewTicker(100 * time.Millisecond)
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
				tw := tabwriter.NewWriter(os.Stdout, 1, 8, 1, ' ', 0)
				for _, s := range status() {
					fmt.Fprintln(tw, s)
				}
				tw.Flush()
			case <-ctx.Done():
				return nil
			}
		}
	})
	return eg.Wait()
}
