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
// -NAME turns on only the named checks, -NAME.setting sets a check's
// setting, e.g. -bigbuffer.max=4096, and -audit adds the rules that guess.
//
// The exit status is 0 when nothing is found, 3 when something is (even
// if some package did not load: stderr names it), 1 when a package cannot
// be loaded and nothing is found, or when a check fails, and 2 for a bad
// command line.
//
// A finding is silenced by a comment on its line or the line above,
//
//	//leash:ignore <check> <reason>
//
// and a directive without a reason, naming no check that exists, or
// silencing nothing, is reported itself.
package main

import (
	"github.com/leash-go/leash/lint/checks"
	"github.com/leash-go/leash/lint/internal/driver"
)

func main() {
	driver.Main(checks.All...)
}
