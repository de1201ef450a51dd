// Package b calls c.
package b

import "example.com/facts/c"

// Rest sleeps through c.Nap.
func Rest() {
	c.Nap()
}

// Work does not sleep.
func Work() {
	c.Awake()
}
