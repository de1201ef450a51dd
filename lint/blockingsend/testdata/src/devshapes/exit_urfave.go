// Not a leak that outlives anything: what a github.com/urfave/cli command
// runs (its Action) ends the program when it returns, as a cobra command's
// RunE does. From: opencontainers/runc events.go:77 (the stats goroutine
// left sending when the events command returns on an error).
package devshapes

import (
	"context"
	"fmt"
	"time"

	"github.com/urfave/cli/v3"
)

var eventsCommand = &cli.Command{
	Name: "events",
	Action: func(ctx context.Context, cmd *cli.Command) error {
		stats := make(chan string)
		go func() {
			for {
				stats <- time.Now().String()
				time.Sleep(time.Second)
			}
		}()
		for s := range stats {
			if _, err := fmt.Println(s); err != nil {
				return err
			}
		}
		return nil
	},
}
