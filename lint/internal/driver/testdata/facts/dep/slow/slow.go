// Package slow is a dependency outside the main module.
package slow

import "time"

// Wait sleeps.
func Wait() { time.Sleep(time.Millisecond) }
