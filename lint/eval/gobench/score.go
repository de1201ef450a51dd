package gobench

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// How a finding relates to a kernel's leaked goroutines.
const (
	blocking = "blocking" // on the operation a leaked goroutine is stuck on
	onStack  = "stack"    // on a call on a leaked goroutine's stack
	creation = "creation" // on the go statement that created one
	// waiter: elsewhere, but its related information names the operation a
	// leaked goroutine is blocked on as one that waits behind the bug (a
	// lock an early return keeps, and a Lock that hangs behind it).
	waiter = "waiter"
)

// leakChecks are the checks whose findings say why a goroutine cannot
// finish: it blocks on a channel or a mutex, or ignores the cancellation it
// was given.
// A finding of another check on a leaked goroutine's line — an error
// dropped on the call that leads to the block, say — is a coincidence, not
// a diagnosis of the leak: it is listed, not counted.
var leakChecks = map[string]bool{"blockingsend": true, "ctxgoroutine": true, "groupctx": true, "lockorder": true}

// hit is a finding on a leaked goroutine's line.
type hit struct {
	finding
	Kind string
}

// counts reports whether the hit diagnoses the leak (see leakChecks).
func (h hit) counts() bool { return leakChecks[h.Check] }

// result is the verdict on one kernel.
type result struct {
	kernel kernel
	Leaks  []leak // distinct leaked stacks observed
	Runs   int
	Hits   []hit // findings on the leaked goroutines' lines
	// Nearby are findings elsewhere in a function a leaked goroutine is
	// blocked in: another path of the same code (a second send the runs
	// did not happen to block on). Neither counted nor unrelated.
	Nearby    []finding
	Unrelated []finding // the kernel's other findings
}

// found reports whether a check points at the kernel's bug.
func (r result) found() bool {
	for _, h := range r.Hits {
		if h.counts() {
			return true
		}
	}
	return false
}

// score matches a kernel's findings against its leaked goroutines (see the
// package documentation for the rule). funcs maps a line of the kernel's
// file to the line range of the innermost function containing it; it may
// be nil.
func score(k kernel, leaks []leak, runs int, findings []finding, funcs map[int][2]int) result {
	kinds := make(map[int]string) // line → strongest relation
	mark := func(line int, kind string) {
		if rank(kind) > rank(kinds[line]) {
			kinds[line] = kind
		}
	}
	for _, l := range leaks {
		top := true
		for _, f := range l.Frames {
			if f.File != k.File {
				continue // runtime and sync frames above the kernel's code
			}
			if top {
				mark(f.Line, blocking)
				top = false
			} else {
				mark(f.Line, onStack)
			}
		}
		if c := l.Created; c.File == k.File && !(k.DriverStart <= c.Line && c.Line <= k.DriverEnd) {
			mark(c.Line, creation)
		}
	}
	blocked := make(map[[2]int]bool) // functions leaked goroutines are blocked in
	for line, kind := range kinds {
		if fn, ok := funcs[line]; ok && kind == blocking {
			blocked[fn] = true
		}
	}
	r := result{kernel: k, Leaks: leaks, Runs: runs}
	for _, f := range findings {
		if f.File != k.File {
			continue
		}
		if kind, ok := kinds[f.Line]; ok {
			r.Hits = append(r.Hits, hit{f, kind})
		} else if slices.ContainsFunc(f.Related, func(p place) bool { return p.File == k.File && kinds[p.Line] == blocking }) {
			r.Hits = append(r.Hits, hit{f, waiter})
		} else if fn, ok := funcs[f.Line]; ok && blocked[fn] {
			r.Nearby = append(r.Nearby, f)
		} else {
			r.Unrelated = append(r.Unrelated, f)
		}
	}
	return r
}

func rank(kind string) int {
	switch kind {
	case blocking:
		return 3
	case onStack:
		return 2
	case creation:
		return 1
	}
	return 0
}

// writeReport writes the per-kernel table and the totals in Markdown.
func writeReport(w io.Writer, results []result, expect map[string]expectation) {
	sort.Slice(results, func(i, j int) bool { return results[i].kernel.Name < results[j].kernel.Name })
	found, active, foundActive, reproduced, nearby, unrelated := 0, 0, 0, 0, 0, 0
	byCheck := make(map[string]int)
	for _, r := range results {
		disabled := expect[r.kernel.Name].Disabled
		if !disabled {
			active++
		}
		if len(r.Leaks) > 0 {
			reproduced++
		}
		if r.found() {
			found++
			if !disabled {
				foundActive++
			}
			checks := make(map[string]bool)
			for _, h := range r.Hits {
				if h.counts() {
					checks[h.Check] = true
				}
			}
			for c := range checks {
				byCheck[c]++
			}
		}
		nearby += len(r.Nearby)
		unrelated += len(r.Unrelated)
	}
	fmt.Fprintf(w, "Kernels found: **%d of %d** (%d of the %d the runtime's test runs; %d kernels leaked during the measurement).\n\n",
		found, len(results), foundActive, active, reproduced)
	var checks []string
	for c := range byCheck {
		checks = append(checks, c)
	}
	sort.Strings(checks)
	fmt.Fprintf(w, "Kernels found per check:")
	for _, c := range checks {
		fmt.Fprintf(w, " %s %d;", c, byCheck[c])
	}
	fmt.Fprintf(w, " findings nearby: %d; unrelated findings: %d.\n\n", nearby, unrelated)
	fmt.Fprintln(w, "| kernel | category | leaked stacks (runs) | found | findings on the leak | findings nearby | unrelated findings |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- |")
	for _, r := range results {
		verdict := "no"
		if r.found() {
			verdict = "**yes**"
		}
		name := r.kernel.Name
		if expect[name].Disabled {
			name += " (disabled in the runtime's test)"
		}
		var hits, nearby, other []string
		for _, h := range r.Hits {
			note := ""
			if !h.counts() {
				note = ", coincident: not counted"
			}
			hits = append(hits, fmt.Sprintf("%s:%d %s%s (%s)", h.Check, h.Line, h.Kind, note, h.Message))
		}
		for _, f := range r.Nearby {
			nearby = append(nearby, fmt.Sprintf("%s:%d (%s)", f.Check, f.Line, f.Message))
		}
		for _, f := range r.Unrelated {
			other = append(other, fmt.Sprintf("%s:%d (%s)", f.Check, f.Line, f.Message))
		}
		fmt.Fprintf(w, "| %s | %s | %d (%d) | %s | %s | %s | %s |\n", name, r.kernel.Category, len(r.Leaks), r.Runs, verdict,
			cell(hits), cell(nearby), cell(other))
	}
}

func cell(items []string) string {
	if len(items) == 0 {
		return ""
	}
	return strings.ReplaceAll(strings.Join(items, "<br>"), "|", "\\|")
}
