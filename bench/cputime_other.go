//go:build !unix

package bench

import "time"

// cpuTime reports that the CPU time of the process cannot be read here.
func cpuTime() (time.Duration, bool) { return 0, false }
