package leakwatch

import (
	"cmp"
	"slices"
	"time"
)

// A Report is what one check found: the sites where goroutines are blocked
// forever (proven), or, where the runtime cannot prove it, the sites
// suspected of leaking.
type Report struct {
	// Proven says every site was proven blocked forever by the runtime's
	// goroutine leak profile. It is false where the runtime has none (Go
	// 1.26 without GOEXPERIMENT=goroutineleakprofile): the sites are then
	// only suspected (see the package documentation).
	Proven bool      `json:"proven"`
	At     time.Time `json:"at"`    // when the check ran
	Sites  []Site    `json:"sites"` // most goroutines first
}

// A Site is a place where goroutines leak: the goroutines started by the
// same go statement and blocked at the same line.
type Site struct {
	CreatedBy string `json:"created_by"` // function that ran the go statement
	CreatedAt string `json:"created_at"` // file:line of the go statement
	// BlockedIn and BlockedAt are the innermost function of the program
	// and line where the goroutines wait: the caller of a sync primitive
	// (mu.Lock, wg.Wait) rather than the primitive itself.
	BlockedIn string `json:"blocked_in"` // function the goroutines are blocked in
	BlockedAt string `json:"blocked_at"` // file:line where they are blocked
	State     string `json:"state"`      // "chan send", "chan receive", "select", "sync.Mutex.Lock", ...
	Count     int    `json:"count"`      // goroutines at this site
	Stack     string `json:"stack"`      // one of them, as the runtime prints it
}

// siteKey identifies a site: goroutines are grouped by creation site and
// blocking site.
type siteKey struct{ createdAt, blockedAt string }

func (s *Site) key() siteKey { return siteKey{s.CreatedAt, s.BlockedAt} }

// sortSites puts the sites with the most goroutines first, the others in
// the order of their places, so that reports compare.
func sortSites(sites []Site) {
	slices.SortFunc(sites, func(a, b Site) int {
		return cmp.Or(
			cmp.Compare(b.Count, a.Count),
			cmp.Compare(a.BlockedAt, b.BlockedAt),
			cmp.Compare(a.CreatedAt, b.CreatedAt),
		)
	})
}

// clone returns a copy of r whose Sites the caller may change.
func (r Report) clone() Report {
	r.Sites = slices.Clone(r.Sites)
	return r
}
