package leashtest

import "github.com/leash-go/leash/internal/goroutines"

// A goroutine is one entry of a goroutine dump, with the value of the
// leashtest label that owns it.
type goroutine struct {
	goroutines.Goroutine
	label string // value of the leashtest label, "" if absent or not printed

	// Set once a claim charged it.
	charge charge
	why    string // for an orphan: why it is charged, as a report says it
}

// A frame is one function call of a stack.
type frame = goroutines.Frame

// A group is one stack of a goroutine profile written with debug=1, with the
// value of the leashtest label its goroutines carry.
type group struct {
	goroutines.Group
	label string // value of the leashtest label, "" if absent
}

// parseDump splits a goroutine dump into goroutines and reads each one's
// leashtest label, when the dump prints labels.
func parseDump(dump []byte) []goroutine {
	parsed := goroutines.ParseDump(dump)
	gs := make([]goroutine, len(parsed))
	for i, g := range parsed {
		gs[i] = goroutine{Goroutine: g, label: goroutines.LabelValue(g.Labels, labelKey)}
	}
	return gs
}

// parseProfile reads a goroutine profile written with debug=1, and each
// stack's leashtest label.
func parseProfile(text []byte) []group {
	parsed := goroutines.ParseProfile(text)
	gs := make([]group, len(parsed))
	for i, g := range parsed {
		gs[i] = group{Group: g, label: goroutines.LabelValue(g.Labels, labelKey)}
	}
	return gs
}
