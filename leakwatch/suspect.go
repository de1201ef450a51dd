package leakwatch

import "time"

// A suspicion is what makes a site suspected of leaking where the runtime
// cannot prove leaks: at least min goroutines blocked at the site on a
// channel, a select or a sync primitive, each for at least after.
type suspicion struct {
	min   int
	after time.Duration
}

// The fallback's defaults, those of Check.
const (
	// DefaultSuspectGoroutines is how many goroutines must be blocked at one
	// site for the site to be suspected, where the runtime cannot prove
	// leaks.
	DefaultSuspectGoroutines = 1000
	// DefaultSuspectAfter is how long each of them must have been blocked.
	DefaultSuspectAfter = 10 * time.Minute
)

var defaultSuspicion = suspicion{min: DefaultSuspectGoroutines, after: DefaultSuspectAfter}

// blockedLongEnough reports whether a goroutine in state, blocked for
// minutes whole minutes by the runtime's count, counts toward a suspected
// site. The runtime's count starts again each time the goroutine runs, so a
// goroutine that does any work, however rarely, never counts.
func (s suspicion) blockedLongEnough(state string, minutes int) bool {
	return blocking[state] && time.Duration(minutes)*time.Minute >= s.after
}
