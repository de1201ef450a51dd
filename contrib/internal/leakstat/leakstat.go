// Package leakstat holds what leash's exporters of leakwatch reports agree
// on, so that the Prometheus and OpenTelemetry views of a leak tell the same
// story: which of a site's fields become a metric's labels or attributes.
package leakstat

import (
	"strconv"

	"github.com/leash-go/leash/leakwatch"
)

// Names are the site's labels, in the order Values returns them. A site is
// the goroutines started by one go statement (created_by, created_at) and
// blocked at one line (blocked_in, blocked_at), in one state; proven says
// whether the runtime proved them leaked or they are only suspected.
var Names = [...]string{"created_by", "created_at", "blocked_in", "blocked_at", "state", "proven"}

// Values returns the labels of the site s of a report that is proven or not.
func Values(s *leakwatch.Site, proven bool) [len(Names)]string {
	return [...]string{s.CreatedBy, s.CreatedAt, s.BlockedIn, s.BlockedAt, s.State, strconv.FormatBool(proven)}
}

// Buckets are the histogram bucket boundaries for the duration of a check,
// in seconds: from a millisecond (a small heap without leaks) to two minutes
// (a collection of a very large heap and a dump of a million goroutines).
func Buckets() []float64 {
	return []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}
}
