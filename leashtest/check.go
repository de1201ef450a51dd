package leashtest

import (
	"fmt"
	"runtime/pprof"
	"strings"
	"sync"
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
// The check runs as a cleanup of t, and cleanups run last registered first:
// called first, Check checks last, after the cleanups that stop the test's
// servers and workers. Called after t.Cleanup(srv.Close), it would check
// while the server still runs, and the goroutines the server's Close would
// stop are reported (the report then says so). Goroutines started before
// Check are never blamed, so a Check further down misses them too.
//
// It looks only at the goroutines that t's goroutine, or a goroutine it
// started, started after the call to Check; it never blames goroutines of
// other tests, even parallel ones, nor goroutines that existed before (see
// the package documentation for how a goroutine is charged to a test).
//
// A goroutine the runtime proves blocked forever (see the package
// documentation) fails the test at once. Any other goroutine still alive
// fails the test once the grace period (see Grace) has passed.
func Check(t testing.TB, opts ...Option) {
	if t == nil {
		panic("leashtest: Check(nil): pass the test's *testing.T")
	}
	t.Helper()
	k := startCheck(t, newConfig(opts))
	t.Cleanup(k.verify)
}

// A check is one call to Check, or one test under Main.
type check struct {
	t      testing.TB
	config *config
	claim  claim
	owner  *owner
	window *window
	// created is the number of goroutines the process had created when the
	// check began.
	created uint64
	// cleanupsBefore is how many cleanups t had registered before the
	// check: they run after it.
	cleanupsBefore int
	// byMain is set for the check Main gives a test that did not ask.
	byMain bool
}

// startCheck begins a check of t from t's goroutine: labels the goroutine
// and records what is alive.
func startCheck(t testing.TB, c *config) *check {
	k := &check{t: t, config: c}
	k.created = goroutinesCreated()
	self, creator := currentGoroutine()
	name := t.Name()
	topTest := name
	if strings.Contains(name, "/") {
		topTest = "" // subtests running in parallel may share their code
	}
	label, owner := newLabel(name)
	k.owner = owner
	k.claim = claim{
		name:    name,
		testID:  self,
		before:  aliveNow(self, k.created),
		label:   label,
		alone:   k.alone,
		topTest: topTest,
	}
	k.cleanupsBefore = cleanupsBefore(t)
	testGoroutines.Store(self, label)
	k.window = openWindow(name, self, creator)
	setLabel(label)
	return k
}

// cleanupsBefore returns how many cleanups t registered before calling
// Check, leaving out the one of the check Main gives every test.
func cleanupsBefore(t testing.TB) int {
	n, _ := cleanupsRegistered(t)
	if base, ok := mainCleanups.Load(t); ok {
		n -= base.(int)
	}
	return max(n, 0)
}

// mainCleanups holds, for each test Main checks, how many cleanups it had
// once Main's check was registered.
var mainCleanups sync.Map // testing.TB → int

// verify runs when the test ends.
func (k *check) verify() {
	k.t.Helper()
	defer k.window.close()
	// The goroutine running the check must not count as one of the test's.
	pprof.SetGoroutineLabels(checkingLabels)
	if !k.maybeAlive() {
		return
	}
	w := &watch{config: k.config, grace: k.grace(), claim: &k.claim}
	v := w.wait()
	if len(v.leaked)+len(v.lingering) == 0 {
		return
	}
	settle(v.leaked)
	settle(v.lingering)
	k.owner.reported.Store(true)
	text := report(k.claim.name, v) + k.notes(v)
	if len(v.leaked) == 0 && k.config.allowLingering {
		k.t.Log(text)
		return
	}
	k.t.Error(text)
}

// notes returns what the report adds for the test: why cleanups may be the
// reason, and where Main checked a test that did not ask.
func (k *check) notes(v verdict) string {
	var b strings.Builder
	if k.cleanupsBefore > 0 && len(v.lingering) > 0 {
		verb, pronoun := "runs", "it stops"
		if k.cleanupsBefore > 1 {
			verb, pronoun = "run", "they stop"
		}
		fmt.Fprintf(&b, "\n%s that %s registered before Check %s after the check (cleanups run last registered first): what %s — a server closed by t.Cleanup(srv.Close), say — still runs while the check looks. Call leashtest.Check(t) first in the test.\n",
			plural(k.cleanupsBefore, "cleanup"), k.claim.name, verb, pronoun)
	}
	if k.byMain {
		b.WriteString("\nleashtest.Main checks each test as leashtest.Check(t) at its top would; call leashtest.Check(t) first in a subtest to have the subtest checked, and named, on its own.\n")
	}
	return b.String()
}

// maybeAlive is the fast path, all a clean test pays: it reports false when
// no goroutine of the check can be alive.
func (k *check) maybeAlive() bool {
	if n := goroutinesCreated(); n != 0 && n == k.created {
		// No goroutine at all was started since the check began: what
		// it saw alive then is still all there can be, which the next
		// check may use (see aliveNow).
		rememberAlive(n, k.claim.before)
		return false
	}
	return glanceMayHave(&k.claim)
}

// alone reports whether no test outside this one's subtests and parents
// can have run since the check began: the test and the tests it is a
// subtest of did not call t.Parallel, and no check of an unrelated test
// was open meanwhile.
func (k *check) alone(byID map[int64]*goroutine) bool {
	p, known := parallel(k.t)
	return known && !p && k.window.alone(byID)
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
