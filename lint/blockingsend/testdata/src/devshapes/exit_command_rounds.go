// Not a leak that outlives anything: a command deletes a resource on each
// cluster it was given, waiting for each with a timeout that strands the
// watcher's send; the command ranges over its arguments, a bounded number
// of rounds, and the stranded goroutines end with it. Fine as is.
// A leak: the same delete run for each line a command reads from its
// input, for as long as input comes, strands one more goroutine a line
// while the program runs on.
package devshapes

import (
	"bufio"
	"errors"
	"os"
	"time"

	"github.com/spf13/cobra"
)

func deleteOn(cluster string, gone func(string) error) error {
	done := make(chan error)
	go func() {
		done <- gone(cluster)
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		return errors.New("timed out waiting for " + cluster)
	}
}

func deleteAll(clusters []string, gone func(string) error) error {
	for _, cluster := range clusters {
		if err := deleteOn(cluster, gone); err != nil {
			return err
		}
	}
	return nil
}

func newDeleteCommand(gone func(string) error) *cobra.Command {
	return &cobra.Command{
		Use: "delete",
		RunE: func(cmd *cobra.Command, args []string) error {
			return deleteAll(args, gone)
		},
	}
}

func deleteOnRead(cluster string, gone func(string) error) error {
	done := make(chan error)
	go func() {
		done <- gone(cluster) // want `send on done can block forever`
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		return errors.New("timed out waiting for " + cluster)
	}
}

func newDeleteFromInputCommand(gone func(string) error) *cobra.Command {
	return &cobra.Command{
		Use: "delete-from-input",
		RunE: func(cmd *cobra.Command, args []string) error {
			sc := bufio.NewScanner(os.Stdin)
			for sc.Scan() {
				if err := deleteOnRead(sc.Text(), gone); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
