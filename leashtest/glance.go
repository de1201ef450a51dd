package leashtest

import (
	"runtime/pprof"

	"github.com/leash-go/leash/internal/goroutines"
)

// A glance is the cheap look at the process's goroutines that every check
// takes when its test ends, to tell whether any goroutine of the test may
// still be alive. For a test that leaks nothing, it is all the check costs.
//
// It is one goroutine dump, read only for each goroutine's id, creator and
// labels. The goroutines that existed when the check began are none of its
// own; of the others, a goroutine whose chain of creators runs, through live
// goroutines, to one that existed before without passing through the test's
// goroutine is not the test's either, nor, when the dump prints labels
// (GODEBUG=tracebacklabels=1, the default for Go 1.27 modules), one that
// carries another check's label. Only if a goroutine remains does the check
// look closer (see census).
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

var dumpGlance = newCoalescer(takeGlance)

func takeGlance() *glance {
	pprof.SetGoroutineLabels(checkingLabels)
	return scanDump(goroutineDump())
}

// glanceMayHave reports whether a goroutine of the claim may be alive.
func glanceMayHave(c *claim) bool { return dumpGlance.get().mayHave(c) }

// mayHave reports whether a goroutine of the glance may be the claim's.
func (g *glance) mayHave(c *claim) bool {
	byID := make(map[int64]*brief, len(g.brief))
	for i := range g.brief {
		byID[g.brief[i].id] = &g.brief[i]
	}
	for i := range g.brief {
		b := &g.brief[i]
		if b.id == c.testID || c.before.has(b.id) {
			continue
		}
		if g.mayBelong(c, b, byID) {
			return true
		}
	}
	return false
}

// mayBelong reports whether b, a goroutine that did not exist when the
// claim's check began, may be the claim's.
func (g *glance) mayBelong(c *claim, b *brief, byID map[int64]*brief) bool {
	first := b
	for range len(g.brief) {
		if g.labels && b.label != "" {
			return c.ownsLabel(b.label)
		}
		if b.creatorID == c.testID {
			return true
		}
		creator := byID[b.creatorID]
		if creator == nil {
			// An orphan: its creator has exited, or it is a timer
			// callback's. A census tells whether the claim answers for
			// it, unless a check has reported it already; where dumps
			// do not print labels, a creator that exited may have
			// carried the claim's label.
			return !g.labels || first.label == "" && !isSettled(first.id)
		}
		if c.before.has(creator.id) {
			return false
		}
		b = creator
	}
	return false // a cycle, which a dump cannot show
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
