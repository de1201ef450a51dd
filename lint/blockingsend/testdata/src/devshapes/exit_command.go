// Not a leak that outlives anything: a command-line command fetches from
// every pod with a timeout, and gives up with a goroutine still sending;
// the command is done when what it runs returns, and the program with it.
// What a cobra command runs, and a function only it calls as nearly its
// last act, end the process when they return. Fine as is.
// A leak: the same fetch called from a server's loop, which goes on.
package devshapes

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
)

func fetchAll(pods []string, wait time.Duration, fetch func(string) (string, error)) ([]string, error) {
	results := make(chan string)
	for _, p := range pods {
		go func() {
			r, err := fetch(p)
			if err != nil {
				r = err.Error()
			}
			results <- r
		}()
	}
	var out []string
	timeout := time.NewTimer(wait)
	defer timeout.Stop()
	for range pods {
		select {
		case r := <-results:
			out = append(out, r)
		case <-timeout.C:
			return out, errors.New("timed out")
		}
	}
	return out, nil
}

func newMetricsCommand(pods []string, fetch func(string) (string, error)) *cobra.Command {
	return &cobra.Command{
		Use: "metrics",
		RunE: func(cmd *cobra.Command, args []string) error {
			out, err := fetchAll(pods, 30*time.Second, fetch)
			for _, o := range out {
				fmt.Println(o)
			}
			return err
		},
	}
}

func fetchAllServed(pods []string, wait time.Duration, fetch func(string) (string, error)) ([]string, error) {
	results := make(chan string)
	for _, p := range pods {
		go func() {
			r, _ := fetch(p)
			results <- r // want `send on results can block forever`
		}()
	}
	var out []string
	timeout := time.NewTimer(wait)
	defer timeout.Stop()
	for range pods {
		select {
		case r := <-results:
			out = append(out, r)
		case <-timeout.C:
			return out, errors.New("timed out")
		}
	}
	return out, nil
}

func serveMetrics(requests <-chan []string, fetch func(string) (string, error)) {
	for pods := range requests {
		out, _ := fetchAllServed(pods, time.Second, fetch)
		fmt.Println(out)
	}
}
