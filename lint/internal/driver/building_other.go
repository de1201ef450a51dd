//go:build !linux

package driver

// compiling returns nothing where leash cannot see the go command's
// processes: progress then shows the time alone.
func compiling() []string { return nil }
