// Package cli is a stub of github.com/urfave/cli/v3 for the checks' tests:
// a Command and what it runs.
package cli

import "context"

// ActionFunc is what a command runs.
type ActionFunc func(ctx context.Context, cmd *Command) error

// Command is a command-line command.
type Command struct {
	Name   string
	Action ActionFunc
}

// Run runs the command.
func (c *Command) Run(ctx context.Context, args []string) error {
	return c.Action(ctx, c)
}
