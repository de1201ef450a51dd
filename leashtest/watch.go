package leashtest

import (
	"runtime"
	"time"
)

// A watch follows the goroutines of a claim until they exit or are found
// leaked.
type watch struct {
	config *config
	grace  time.Duration
	claim  *claim
}

// A verdict sorts the goroutines a check found.
type verdict struct {
	leaked    []goroutine // proven blocked forever
	lingering []goroutine // still running
	waited    time.Duration
	// early is set when the check stopped waiting because it found a proven
	// leak: the test fails anyway, and the goroutines still running may not
	// have used up their grace period.
	early bool
}

// wait watches the goroutines until they have all exited, one is
// proven leaked, or the grace period is over.
func (w *watch) wait() verdict {
	start := time.Now()
	deadline := start.Add(w.grace)
	nextProof := start
	proofGap := time.Millisecond
	pause := 50 * time.Microsecond
	for round := 0; ; round++ {
		var c *census
		now := time.Now()
		final := !now.Before(deadline)
		switch {
		case leakProfile != nil && (final || round > 0 && !now.Before(nextProof)):
			// Look for proven leaks at growing intervals: each look is a GC,
			// and a goroutine may take a while to get stuck. A goroutine
			// waiting for a sync.Mutex may need two looks.
			c = proofCensus.get()
			nextProof = time.Now().Add(proofGap)
			proofGap *= 4
		default:
			if round == 0 {
				// Goroutines a test stops on its way out are often exiting
				// right now: give them a chance before looking closer.
				runtime.Gosched()
			}
			c = fullCensus.get()
		}
		v := w.sort(c)
		v.waited = time.Since(start)
		if len(v.leaked)+len(v.lingering) == 0 {
			return v
		}
		if len(v.leaked) > 0 {
			v.early = len(v.lingering) > 0 && !final
			return v
		}
		if final {
			return v
		}
		time.Sleep(min(pause, time.Until(deadline)))
		pause = min(2*pause, 10*time.Millisecond)
	}
}

// sort picks the claim's goroutines out of a census.
func (w *watch) sort(c *census) verdict {
	var v verdict
	byID := c.byID()
	for _, g := range c.goroutines {
		g.charge = w.claim.charge(&g, byID)
		if g.charge == notCharged {
			continue
		}
		g.why = w.claim.explain(&g, byID)
		switch {
		case w.config.ignored(&g):
		case c.proof && g.Leaked:
			v.leaked = append(v.leaked, g)
		default:
			v.lingering = append(v.lingering, g)
		}
	}
	return v
}
