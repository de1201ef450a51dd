// Package goroutines reads the text the Go runtime writes about goroutines:
// goroutine dumps (runtime.Stack with all set, the goroutine and goroutine
// leak profiles written with debug=2) and goroutine profiles written with
// debug=1. leashtest and leakwatch both read them; the runtime's format is
// not a stable API, so it is read in one place, and every parser here skips
// what it does not understand rather than fail, so that a change in the
// format degrades a report instead of losing it.
package goroutines
