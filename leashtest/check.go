package leashtest

import (
	"runtime/pprof"
	"testing"
	"time"
)

// Check makes t fail if, when the test ends, a goroutine started by the test
// is still alive. Call it first thing in the test:
//
//	func TestServer(t *testing.T) {
//		leashtest.Check(t)
//		…
//	}
//
// The check runs as t's first registered cleanup, so it runs last: after
// the cleanups that stop the test's servers and workers. It looks only at the
// goroutines that t's goroutine, or a goroutine it started, started after the
// call to Check; it never blames goroutines of other tests, even parallel
// ones, nor goroutines that existed before.
//
// A goroutine the runtime proves blocked forever (see the package
// documentation) fails the test at once. Any other goroutine still alive
// fails the test once the grace period (see Grace) has passed.
func Check(t testing.TB, opts ...Option) {
	if t == nil {
		panic("leashtest: Check(nil): pass the test's *testing.T")
	}
	t.Helper()
	k := &check{t: t, config: newConfig(opts)}
	k.created = goroutinesCreated()
	k.label, k.owner = newLabel(t.Name())
	if !dumpsPrintLabels.Load() {
		// Only needed to tell goroutines apart without labels in dumps.
		k.testID = currentID()
		testGoroutines.Store(k.testID, k.label)
	}
	setLabel(k.label)
	t.Cleanup(k.verify)
}

// A check is one call to Check.
type check struct {
	t      testing.TB
	config *config
	label  string
	owner  *owner
	testID int64 // the goroutine that called Check, where dumps do not print labels
	// created is the number of goroutines the process had created when Check
	// was called.
	created uint64
}

// verify runs when the test ends.
func (k *check) verify() {
	k.t.Helper()
	// The goroutine running the check must not count as one of the test's.
	pprof.SetGoroutineLabels(checkingLabels)
	if !k.maybeAlive() {
		return
	}
	w := &watch{config: k.config, grace: k.grace(), owns: k.owns}
	v := w.wait()
	if len(v.leaked)+len(v.lingering) == 0 {
		return
	}
	k.owner.reported.Store(true)
	text := report(k.t.Name(), v)
	if len(v.leaked) == 0 && k.config.allowLingering {
		k.t.Log(text)
		return
	}
	k.t.Error(text)
}

// maybeAlive is the fast path, all a clean test pays: it reports false when
// no goroutine carrying the check's label can be alive.
func (k *check) maybeAlive() bool {
	if n := goroutinesCreated(); n != 0 && n == k.created {
		// No goroutine at all was started since Check.
		return false
	}
	return glanceAlive(k.owns, k.testID)
}

// grace returns the grace period, shortened to end before the test's
// deadline, keeping a margin for the report to be written.
func (k *check) grace() time.Duration {
	g := k.config.grace
	end, ok := deadline(k.t)
	if !ok {
		return g
	}
	left := time.Until(end)
	return max(0, min(g, left-min(time.Second, left/10)))
}

// deadline returns t's deadline, if it has one. A test in a synctest bubble
// has none: its clock is fake, and its Deadline method panics.
func deadline(t testing.TB) (end time.Time, ok bool) {
	d, isT := t.(interface{ Deadline() (time.Time, bool) })
	if !isT {
		return time.Time{}, false
	}
	defer func() {
		if recover() != nil {
			end, ok = time.Time{}, false
		}
	}()
	return d.Deadline()
}

// owns accepts the check's own label.
func (k *check) owns(label string) bool { return label == k.label }
