package leashtest

import (
	"cmp"
	"github.com/leash-go/leash/internal/goroutines"
	"slices"
	"strconv"
	"sync"
)

// assignLabels labels the goroutines of a dump from the groups of a profile
// taken just after it, matching stacks. The profile says how many goroutines
// with a given stack carry each label; when goroutines of several labels share
// a stack, the goroutine that created each one decides: a goroutine created by
// a test's goroutine, or by a goroutine already labelled, carries that
// label. Where nothing decides, the counts are still right, but which of
// the identical goroutines gets which label is arbitrary.
//
// A goroutine that moved between the dump and the profile has different
// stacks in each. assignLabels returns the labelled goroutines of the profile
// it found no match for, with the profile's stack and an unknown state, so
// that no goroutine of a check goes unseen.
func assignLabels(gs []goroutine, groups []group) (unmatched []goroutine) {
	left := make(map[string]map[string]int) // signature → label → goroutines
	frames := make(map[string][]frame)      // signature → stack
	for _, g := range groups {
		sig := signature(g.Frames)
		if left[sig] == nil {
			left[sig] = make(map[string]int)
			frames[sig] = g.Frames
		}
		left[sig][g.label] += g.Count
	}
	sigs := make([]string, len(gs))
	byID := make(map[int64]*goroutine, len(gs))
	for i := range gs {
		sigs[i] = signature(gs[i].Frames)
		byID[gs[i].ID] = &gs[i]
	}
	assigned := make([]bool, len(gs))
	assign := func(i int, label string) {
		assigned[i] = true
		gs[i].label = label
		left[sigs[i]][label]--
	}
	// hint returns the label g's creator gave it, if known.
	hint := func(g *goroutine) (string, bool) {
		if label, ok := testGoroutines.Load(g.CreatorID); ok {
			return label.(string), true
		}
		if c := byID[g.CreatorID]; c != nil && c.label != "" {
			return c.label, true
		}
		return "", false
	}
	for progress := true; progress; {
		progress = false
		for i := range gs {
			if assigned[i] {
				continue
			}
			var only string
			n := 0
			for label, k := range left[sigs[i]] {
				if k > 0 {
					only = label
					n++
				}
			}
			if n == 0 {
				assigned[i] = true // not in the profile: exited since the dump
				continue
			}
			if n == 1 {
				assign(i, only)
				progress = true
				continue
			}
			if h, ok := hint(&gs[i]); ok && left[sigs[i]][h] > 0 {
				assign(i, h)
				progress = true
			}
		}
	}
	// What is left is ambiguous. Goroutine ids and labels both grow with
	// time, roughly: give older goroutines the older labels, so that a leak
	// of a test that ended long ago is not mistaken for a new one.
	var rest []int
	for i := range gs {
		if !assigned[i] {
			rest = append(rest, i)
		}
	}
	slices.SortFunc(rest, func(i, j int) int { return cmp.Compare(gs[i].ID, gs[j].ID) })
	for _, i := range rest {
		labels := make([]string, 0, len(left[sigs[i]]))
		for label, k := range left[sigs[i]] {
			if k > 0 {
				labels = append(labels, label)
			}
		}
		if len(labels) == 0 {
			assigned[i] = true // more in the dump than in the profile: exited since
			continue
		}
		slices.SortFunc(labels, compareLabels)
		assign(i, labels[0])
	}
	for sig, labels := range left {
		for label, n := range labels {
			if label == "" || label == checkingLabel {
				continue
			}
			for range n {
				unmatched = append(unmatched, goroutine{Goroutine: goroutines.Goroutine{State: unknownState, Frames: frames[sig]}, label: label})
			}
		}
	}
	return unmatched
}

// unknownState is the state of a goroutine seen in the profile only.
const unknownState = "state unknown: it was moving while the check looked"

// compareLabels orders labels by age: none first, then Main's, then the
// labels of checks in the order they were created.
func compareLabels(a, b string) int {
	rank := func(l string) (int, uint64) {
		switch l {
		case "":
			return 0, 0
		case mainLabel:
			return 1, 0
		}
		n, err := strconv.ParseUint(l, 10, 64)
		if err != nil {
			return 2, 0
		}
		return 3, n
	}
	ra, na := rank(a)
	rb, nb := rank(b)
	if ra != rb {
		return cmp.Compare(ra, rb)
	}
	return cmp.Compare(na, nb)
}

// testGoroutines maps the id of each goroutine that called Check to the label
// Check gave it: a hint for assignLabels.
var testGoroutines sync.Map // int64 → string

// signature identifies a stack across a dump and a profile: see
// goroutines.Signature.
func signature(frames []frame) string { return goroutines.Signature(frames) }
