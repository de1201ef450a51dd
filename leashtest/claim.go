package leashtest

import (
	"fmt"
	"strings"
	"sync"
)

// A claim says which goroutines alive at a check's end the check answers
// for; see "Which goroutines a test is charged with" in the package
// documentation. Main's final look is a claim too, for all the tests at
// once.
type claim struct {
	name   string // the test, as reports name it
	testID int64  // the test's goroutine
	before idSet  // the goroutines alive when the check began: never its own
	label  string // the leashtest label of the check
	anyTag bool   // every leashtest label is the claim's own (Main's)
	// alone reports whether no unrelated test ran since the check began;
	// byID, the goroutines alive, shows which tests run which.
	alone func(byID map[int64]*goroutine) bool
	// topTest is the name of the test when it is a top-level one: only
	// that test runs its function and the closures in it.
	topTest string
}

// A charge is why a goroutine is a claim's.
type charge uint8

const (
	notCharged charge = iota
	byLabel           // it carries the check's label
	byCreator         // a goroutine of the check, alive, started it
	byTestCode        // an orphan running the test's own code
	byTime            // an orphan started while the test ran alone
)

// ownsLabel reports whether label, a goroutine's leashtest label, is the
// claim's. Main's claim owns its own label and those of the checks that
// reported nothing.
func (c *claim) ownsLabel(label string) bool {
	if c.anyTag {
		if label == mainLabel {
			return true
		}
		o := ownerOf(label)
		return o != nil && !o.reported.Load()
	}
	return label == c.label
}

// charge says whether g, one of the goroutines alive (byID), is the
// claim's, and why.
//
// A goroutine that existed when the check began is never the claim's. One
// that carries the check's label is; one that carries another leashtest
// label is not. One without a label (code replaced its labels, or it is a
// timer callback's) is followed up its creators, as the runtime records
// them, while they are alive: to the test's goroutine or a goroutine of the
// check, it is the claim's; to an older goroutine, or one of another check,
// it is not. An orphan, whose chain of creators breaks — at a goroutine that
// has exited, or at a timer callback (time.AfterFunc), which the runtime
// starts on behalf of no goroutine — is the claim's if it runs the test's own
// code, or if no other test ran since the check began.
func (c *claim) charge(g *goroutine, byID map[int64]*goroutine) charge {
	if g.label != "" {
		// The label comes first: where dumps do not print labels, they
		// are matched from the goroutine profile, and of goroutines with
		// the same stack only how many carry each label is sure, not
		// which ones (see assignLabels). None carrying the check's label
		// existed when it began.
		if c.ownsLabel(g.label) {
			return byLabel
		}
		return notCharged
	}
	if c.before.has(g.ID) || isSettled(g.ID) {
		return notCharged // older than the check, or an orphan a check reported
	}
	chain := []*goroutine{g}
	for cur := g; len(chain) <= len(byID); {
		id := cur.CreatorID
		if id == c.testID {
			return byCreator
		}
		creator := byID[id]
		if id == 0 || creator == nil {
			break // an orphan
		}
		if c.before.has(id) || creator.label != "" && !c.ownsLabel(creator.label) {
			return notCharged
		}
		if creator.label != "" {
			return byCreator
		}
		chain = append(chain, creator)
		cur = creator
	}
	switch {
	case c.runsTestCode(chain):
		return byTestCode
	case c.alone(byID):
		return byTime
	}
	return notCharged
}

// runsTestCode reports whether a goroutine of chain runs, or was started
// by, the function of the claim's test or a closure in it.
func (c *claim) runsTestCode(chain []*goroutine) bool {
	if c.topTest == "" {
		return false
	}
	for _, g := range chain {
		if testFunction(g.Creator.Function) == c.topTest {
			return true
		}
		for _, f := range g.Frames {
			if testFunction(f.Function) == c.topTest {
				return true
			}
		}
	}
	return false
}

// explain says, for an orphan, why the claim charges it: where its chain of
// creators breaks, and why that makes it the claim's. It returns "" for the
// other goroutines: the label or a live creator says it.
func (c *claim) explain(g *goroutine, byID map[int64]*goroutine) string {
	switch g.charge {
	case byTestCode:
		return fmt.Sprintf("%s; it runs the code of %s, which no other test runs", origin(g, byID), c.name)
	case byTime:
		if c.anyTag {
			return origin(g, byID) + " while the tests ran"
		}
		return fmt.Sprintf("%s while %s ran and no other test did", origin(g, byID), c.name)
	}
	return ""
}

// origin says where the chain of creators of g breaks: at a timer
// callback, or at a goroutine that has exited.
func origin(g *goroutine, byID map[int64]*goroutine) string {
	cur := g
	for range len(byID) {
		creator := byID[cur.CreatorID]
		if cur.CreatorID == 0 || creator == nil {
			break
		}
		cur = creator
	}
	var s string
	switch {
	case cur.CreatorID != 0:
		s = fmt.Sprintf("started by goroutine %d, which has exited", cur.CreatorID)
	case cur.Creator.Function == "time.goFunc":
		s = "started by a time.AfterFunc callback"
	default:
		s = "started by the runtime"
	}
	if cur != g {
		s = fmt.Sprintf("%s through goroutine %d", s, cur.ID)
	}
	return s
}

// settled holds the orphans a check has reported: no other check, nor Main,
// reports them again. (A goroutine with a label is the label's: see
// ownsLabel.)
var settled sync.Map // int64 → struct{}

func settle(gs []goroutine) {
	for _, g := range gs {
		if g.label == "" && g.ID != 0 {
			settled.Store(g.ID, struct{}{})
		}
	}
}

func isSettled(id int64) bool {
	_, ok := settled.Load(id)
	return ok
}

// A window is the time from a check's start to the end of its look, on a
// clock that counts checks starting and ending, so that a check can tell
// whether a check of an unrelated test ran meanwhile.
type window struct {
	name       string
	testID     int64  // the test's goroutine
	creatorID  int64  // the goroutine that started it: the parent test's, for a subtest
	start, end uint64 // end is 0 while the check runs
}

var windows struct {
	sync.Mutex
	clock uint64
	all   []*window // open ones, and closed ones an open one may overlap
}

// openWindow opens the window of a check of the test called name, which
// runs on goroutine testID, started by goroutine creatorID.
func openWindow(name string, testID, creatorID int64) *window {
	windows.Lock()
	defer windows.Unlock()
	windows.clock++
	w := &window{name: name, testID: testID, creatorID: creatorID, start: windows.clock}
	windows.all = append(windows.all, w)
	return w
}

// close ends w, and forgets the windows no open one overlaps.
func (w *window) close() {
	windows.Lock()
	defer windows.Unlock()
	windows.clock++
	w.end = windows.clock
	oldest := windows.clock
	for _, o := range windows.all {
		if o.end == 0 {
			oldest = min(oldest, o.start)
		}
	}
	kept := windows.all[:0]
	for _, o := range windows.all {
		if o.end == 0 || o.end > oldest {
			kept = append(kept, o)
		}
	}
	clear(windows.all[len(kept):])
	windows.all = kept
}

// alone reports whether no check of an unrelated test — not w's test, a
// test it runs, or a test that runs it — has been open since w opened.
// byID, the goroutines alive, shows which goroutine started which.
func (w *window) alone(byID map[int64]*goroutine) bool {
	windows.Lock()
	defer windows.Unlock()
	for _, o := range windows.all {
		if o != w && (o.end == 0 || o.end > w.start) && !w.runBy(o, byID) && !o.runBy(w, byID) {
			return false
		}
	}
	return true
}

// runBy reports whether o is w's test or runs it: o's name is a prefix of
// w's, as subtests are named, or o's test goroutine started w's, directly
// or through goroutines that are alive or are tests with a check. Call it
// with windows locked.
func (w *window) runBy(o *window, byID map[int64]*goroutine) bool {
	if o.name == w.name || strings.HasPrefix(w.name, o.name+"/") {
		return true
	}
	id := w.creatorID
	for range len(byID) + len(windows.all) + 1 {
		if id == 0 {
			return false
		}
		if id == o.testID {
			return true
		}
		if g := byID[id]; g != nil {
			id = g.CreatorID
			continue
		}
		next := int64(0)
		for _, p := range windows.all {
			if p.testID == id {
				next = p.creatorID
				break
			}
		}
		id = next
	}
	return false
}
