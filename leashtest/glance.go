package leashtest

import (
	"github.com/leash-go/leash/internal/goroutines"
	"runtime/pprof"
	"sync/atomic"
)

// A glance is the cheap look at the process's goroutines that every check
// takes when its test ends, to tell whether any goroutine of the test may
// still be alive. For a test that leaks nothing, it is all the check costs.
//
// It is one goroutine dump, read only for each goroutine's id, creator and
// labels. When the dump prints labels (GODEBUG=tracebacklabels=1, the
// default for Go 1.27 modules), that settles it. Otherwise the labels are in
// the goroutine profile only, which costs about twice as much; the glance
// first rules out, from the dump, every goroutine whose chain of creators
// runs up to the main goroutine through live goroutines without passing
// through the test's goroutine: those cannot carry the test's label. Only if
// some goroutine remains, one the test's goroutine started or one whose
// creator has exited, does it read the profile.
type glance struct {
	labels bool // the dump printed labels
	brief  []brief
}

// A brief is what a glance keeps of a goroutine.
type brief struct {
	id, creatorID int64
	created       bool // the dump has a "created by" line: not the main goroutine
	label         string
}

var (
	dumpGlance    = newCoalescer(takeGlance)
	profileGlance = newCoalescer(goroutineProfile)
)

func takeGlance() *glance {
	pprof.SetGoroutineLabels(checkingLabels)
	g := scanDump(goroutineDump())
	dumpsPrintLabels.Store(g.labels)
	return g
}

// dumpsPrintLabels remembers whether the last dump printed labels. The
// setting is process-wide and rarely changes; when it does, the next glance
// notices.
var dumpsPrintLabels atomic.Bool

// alive reports whether a goroutine whose label owns accepts may be alive.
// testID is the id of the goroutine that labelled itself for owns, or 0 if
// there is none (Main's check).
func glanceAlive(owns func(label string) bool, testID int64) bool {
	g := dumpGlance.get()
	if g.labels {
		for _, b := range g.brief {
			if b.label != "" && owns(b.label) {
				return true
			}
		}
		return false
	}
	if testID != 0 && !g.mayDescend(testID) {
		return false
	}
	for _, gr := range profileGlance.get() {
		if gr.label != "" && owns(gr.label) {
			return true
		}
	}
	return false
}

// mayDescend reports whether a goroutine of the glance, other than the test's
// goroutine itself, may descend from the goroutine with id test.
func (g *glance) mayDescend(test int64) bool {
	byID := make(map[int64]*brief, len(g.brief))
	for i := range g.brief {
		byID[g.brief[i].id] = &g.brief[i]
	}
	for i := range g.brief {
		b := &g.brief[i]
		if b.id == test {
			continue
		}
		for range len(g.brief) {
			if !b.created {
				break // the main goroutine: the chain never met the test
			}
			if b.creatorID == test {
				return true
			}
			creator := byID[b.creatorID]
			if creator == nil {
				return true // the creator has exited: it may have descended from the test
			}
			b = creator
		}
	}
	return false
}

// scanDump reads from a goroutine dump the headers and "created by" lines.
func scanDump(dump []byte) *glance {
	g := &glance{}
	var cur *brief
	for line := range goroutines.Lines(dump) {
		switch {
		case goroutines.IsHeader(line):
			h, ok := goroutines.ParseHeader(line)
			if !ok {
				cur = nil
				continue
			}
			if len(g.brief) == 0 {
				// The first goroutine is the caller, which is labelled.
				g.labels = h.Labeled
			}
			g.brief = append(g.brief, brief{id: h.ID, label: goroutines.LabelValue(h.Labels, labelKey)})
			cur = &g.brief[len(g.brief)-1]
		case cur != nil && goroutines.IsCreatedBy(line):
			cur.created = true
			_, cur.creatorID, _ = goroutines.ParseCreatedBy(line)
			cur = nil
		}
	}
	return g
}
