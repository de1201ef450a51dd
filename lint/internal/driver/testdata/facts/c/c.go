// Package c sleeps.
package c

import "time"

// Nap sleeps.
func Nap() { time.Sleep(time.Millisecond) }

// Awake does not.
func Awake() {}
