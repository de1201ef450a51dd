package leakwatch

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultInterval is how often a Watcher checks without Interval. A check
// costs about what a runtime.GC costs, and, when it finds a new leak site, a
// goroutine dump: once a minute, that measured 0.6% of a busy service's CPU
// with a heap of 100 MB (see the README). A Watcher without Interval also
// waits at least 99 times as long as its last check took, so that checking
// never takes more than 1% of its time, on however large a heap.
const DefaultInterval = time.Minute

// costRatio is how many times as long as a check a Watcher without
// Interval waits before the next: checks take at most 1% of its time.
const costRatio = 99

// historyLen is how many checks a site's history covers.
const historyLen = 60

// A Watcher checks the process for leaked goroutines periodically, while
// Run runs, and keeps each site's history: when it was first found and its
// count at each recent check. It tells of new and growing sites (OnLeak,
// Logger), and serves what it found as a page and as JSON (ServeHTTP).
//
// Make one with New; its methods are safe for concurrent use.
type Watcher struct {
	cfg     config
	running atomic.Bool
	// check is the check the Watcher runs: Check's, with its criteria;
	// tests replace it.
	check func(ctx context.Context) (Report, error)

	mu       sync.Mutex
	report   Report
	leaks    map[siteKey]*Leak
	checks   int
	lastTook time.Duration
	lastErr  error
	next     time.Time // when the next check is due, while Run runs
}

// A Leak is a site as a Watcher follows it from check to check.
type Leak struct {
	Site                // as the latest check that found it saw it
	FirstSeen time.Time `json:"first_seen"` // the first check that found the site
	LastSeen  time.Time `json:"last_seen"`  // the latest check that found it
	// Reported is the count OnLeak was last called with for the site, 0
	// before the first call: in a hook, 0 for a new site.
	Reported int `json:"reported"`
	// History is the site's count at each of the latest checks (at most
	// 60), oldest first, 0 where a check did not find it.
	History []Sample `json:"history"`
}

// A Sample is a site's count at one check.
type Sample struct {
	At    time.Time `json:"at"`
	Count int       `json:"count"`
}

// Growth returns how many goroutines the site gained at the latest check,
// negative if it lost some.
func (l Leak) Growth() int {
	n := len(l.History)
	switch n {
	case 0:
		return 0
	case 1:
		return l.History[0].Count
	}
	return l.History[n-1].Count - l.History[n-2].Count
}

// New returns a Watcher that checks once Run is called.
func New(opts ...Option) *Watcher {
	w := &Watcher{cfg: newConfig(opts), leaks: make(map[siteKey]*Leak)}
	sus := w.cfg.suspect
	w.check = func(ctx context.Context) (Report, error) { return check(ctx, sus) }
	return w
}

// Run checks at once, then periodically (see Interval), until ctx ends, and
// returns ctx's error. A Watcher runs once at a time: Run panics if called
// while it runs.
func (w *Watcher) Run(ctx context.Context) error {
	if w.check == nil {
		panic("leakwatch: Run on a Watcher not made by New: use leakwatch.New()")
	}
	if !w.running.CompareAndSwap(false, true) {
		panic("leakwatch: Run called while the Watcher runs: a Watcher runs once at a time; share it, or make another with New")
	}
	defer w.running.Store(false)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			w.setNext(time.Time{})
			return ctx.Err()
		case <-timer.C:
		}
		start := time.Now()
		r, err := w.check(ctx)
		took := time.Since(start)
		if err != nil {
			if ctx.Err() != nil {
				w.setNext(time.Time{})
				return ctx.Err()
			}
			w.failed(err)
		} else {
			w.record(r, took)
		}
		wait := w.interval(took)
		w.setNext(time.Now().Add(wait))
		timer.Reset(wait)
	}
}

// interval returns how long to wait after a check that took took.
func (w *Watcher) interval(took time.Duration) time.Duration {
	if w.cfg.interval > 0 {
		return w.cfg.interval
	}
	return max(DefaultInterval, costRatio*took)
}

func (w *Watcher) setNext(t time.Time) {
	w.mu.Lock()
	w.next = t
	w.mu.Unlock()
}

// Report returns the report of the Watcher's latest check: a zero Report
// before the first.
func (w *Watcher) Report() Report {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.report.clone()
}

// Leaks returns the sites the Watcher follows: those of its latest check
// and those found by one of its last 60 checks and gone since. Sites that
// grew at the latest check come first, most growth first, then the sites the
// latest check found, newest first, then the sites gone since, and among
// sites found at the same time the largest first.
func (w *Watcher) Leaks() []Leak {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.leaksLocked()
}

func (w *Watcher) leaksLocked() []Leak {
	leaks := make([]Leak, 0, len(w.leaks))
	for _, l := range w.leaks {
		c := *l
		c.History = slices.Clone(l.History)
		leaks = append(leaks, c)
	}
	gone := func(l Leak) bool { return !l.LastSeen.Equal(w.report.At) }
	slices.SortFunc(leaks, func(a, b Leak) int {
		return cmp.Or(
			cmp.Compare(max(b.Growth(), 0), max(a.Growth(), 0)),
			compareBool(gone(a), gone(b)),
			b.FirstSeen.Compare(a.FirstSeen),
			cmp.Compare(b.Count, a.Count),
			cmp.Compare(a.BlockedAt, b.BlockedAt),
			cmp.Compare(a.CreatedAt, b.CreatedAt),
		)
	})
	return leaks
}

// record takes in the report of a check that took took, then tells of the
// new and growing sites.
func (w *Watcher) record(r Report, took time.Duration) {
	w.mu.Lock()
	w.report = r
	w.checks++
	w.lastTook = took
	w.lastErr = nil
	found := make(map[siteKey]bool, len(r.Sites))
	var tell []Leak
	for _, s := range r.Sites {
		k := s.key()
		found[k] = true
		l := w.leaks[k]
		if l == nil {
			l = &Leak{FirstSeen: r.At}
			w.leaks[k] = l
		}
		l.Site = s
		l.LastSeen = r.At
		l.History = appendSample(l.History, Sample{r.At, s.Count})
		if s.Count > l.Reported {
			c := *l
			c.History = slices.Clone(l.History)
			tell = append(tell, c)
			l.Reported = s.Count
		}
	}
	for k, l := range w.leaks {
		if found[k] {
			continue
		}
		l.History = appendSample(l.History, Sample{r.At, 0})
		if !slices.ContainsFunc(l.History, func(s Sample) bool { return s.Count > 0 }) {
			delete(w.leaks, k)
		}
	}
	w.mu.Unlock()

	for _, hook := range w.cfg.onCheck {
		hook(r.clone(), took)
	}
	if log := w.cfg.logger; log != nil {
		log.Debug("leakwatch: check", "proven", r.Proven, "sites", len(r.Sites), "took", took)
	}
	for _, l := range tell {
		w.tell(l, r.Proven)
	}
}

// tell reports a new or growing site, proven or suspected, to the hooks and
// the log.
func (w *Watcher) tell(l Leak, proven bool) {
	if log := w.cfg.logger; log != nil {
		msg := "leakwatch: goroutines leaked at a new site"
		if l.Reported > 0 {
			msg = "leakwatch: more goroutines leaked at a site"
		}
		if !proven {
			msg = "leakwatch: goroutines suspected leaked at a new site"
			if l.Reported > 0 {
				msg = "leakwatch: more goroutines suspected leaked at a site"
			}
		}
		log.Warn(msg,
			slog.Int("goroutines", l.Count),
			slog.Int("before", l.Reported),
			slog.String("state", l.State),
			slog.String("blocked_in", l.BlockedIn),
			slog.String("blocked_at", l.BlockedAt),
			slog.String("created_by", l.CreatedBy),
			slog.String("created_at", l.CreatedAt),
			slog.Time("first_seen", l.FirstSeen),
		)
	}
	for _, hook := range w.cfg.onLeak {
		hook(l)
	}
}

// failed notes a check that failed.
func (w *Watcher) failed(err error) {
	w.mu.Lock()
	w.lastErr = err
	w.mu.Unlock()
	if log := w.cfg.logger; log != nil {
		log.Error("leakwatch: check failed", "err", err)
	}
}

func appendSample(h []Sample, s Sample) []Sample {
	if len(h) >= historyLen {
		h = slices.Delete(h, 0, len(h)-historyLen+1)
	}
	return append(h, s)
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
