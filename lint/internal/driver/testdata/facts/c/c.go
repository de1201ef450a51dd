// Package c sleeps.
package c

import "example.com/facts/clock"

// Nap sleeps.
func Nap() { clock.Sleep(1) }

// Awake does not.
func Awake() {}
