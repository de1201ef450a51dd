// Package a sleeps through two packages, and through a module that is not
// the main one.
package a

import (
	"example.com/dep/slow"
	"example.com/facts/b"
)

// Serve calls b.Rest, which sleeps through c.Nap.
func Serve() {
	b.Rest()
	b.Work()
	slow.Wait()
}
