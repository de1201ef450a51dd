// Command leash reports concurrency bugs in Go packages: the checks of
// github.com/leash-go/leash/lint/checks, run like go vet.
//
// Usage:
//
//	leash [flags] [packages]   # default ./...
//	leash help [check]
//	go vet -vettool=$(command -v leash) [packages]
//
// Findings print as file:line:col: message (check). -json prints the
// go/analysis JSON shape, -sarif FILE also writes SARIF 2.1.0, -diff shows
// the suggested fixes and -fix applies them. -NAME=false turns a check off,
// -NAME turns on only the named checks, and -NAME.setting sets a check's
// setting, e.g. -bigbuffer.max=4096.
//
// The exit status is 0 when nothing is found, 3 when something is, 1 when a
// package cannot be loaded or a check fails, and 2 for a bad command line.
//
// A finding is silenced by a comment on its line or the line above,
//
//	//leash:ignore <check> <reason>
//
// and a directive without a reason, or one that silences nothing, is
// reported itself.
package main

import (
	"os"
	"runtime/debug"
	"strings"

	"github.com/leash-go/leash/lint/checks"
	"github.com/leash-go/leash/lint/internal/driver"
	"golang.org/x/tools/go/analysis/unitchecker"
)

func main() {
	if invokedByGoVet(os.Args[1:]) {
		unitchecker.Main(checks.All...) // does not return
	}
	if os.Getenv("GOGC") == "" {
		// Collect twice as often as the default. A run decodes much more
		// export data than it keeps, and at the default the heap grows to
		// twice what is live; at 50 peak memory is about a third lower for
		// a little more CPU (see lint/EVALUATION.md).
		debug.SetGCPercent(50)
	}
	os.Exit(driver.Run(os.Args[1:], checks.All, driver.Options{
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
		Terminal: isTerminal(os.Stderr),
	}))
}

// invokedByGoVet recognises the go vet -vettool protocol: go vet asks for
// the tool's version (-V=full) and flags (-flags), then runs it once per
// package with a .cfg file describing the package.
func invokedByGoVet(args []string) bool {
	for _, arg := range args {
		if arg == "-V=full" || arg == "-V" || arg == "-flags" {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// isTerminal reports whether f is a character device, such as a terminal.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
