// Package cobra is a stub of github.com/spf13/cobra for the checks' tests:
// a Command and what it runs.
package cobra

import "context"

// Command is a command-line command.
type Command struct {
	Use  string
	Run  func(cmd *Command, args []string)
	RunE func(cmd *Command, args []string) error
}

// Context returns the command's context.
func (c *Command) Context() context.Context { return context.Background() }

// Execute runs the command.
func (c *Command) Execute() error {
	if c.RunE != nil {
		return c.RunE(c, nil)
	}
	c.Run(c, nil)
	return nil
}
