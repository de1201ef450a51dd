package main

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The implementations the table treats apart: the library measured, and
// the hand-written floor it is held to. Every other implementation is a
// peer.
const (
	subject  = "leash"
	baseline = "bareloop"
)

// sliceWorkloads are the benchmarks over a slice, where leash must stay
// near the bare loop and allocate nothing per item.
var sliceWorkloads = []string{"ForEach", "Map", "IOBound"}

// streamWorkload is the ordered streaming benchmark, held to a fraction of
// rill's OrderedMap.
const (
	streamWorkload = "OrderedStream"
	streamPeer     = "rill"
	streamTarget   = 0.3
)

// The other targets.
const (
	peerTarget     = 1.0 // leash ÷ the best peer, on every workload
	baselineTarget = 2.0 // leash ÷ the bare loop, on slices
	// A slice workload counts as allocating nothing per item if a whole
	// call makes at most allocsPerCall allocations plus allocsPerWorker
	// for each goroutine the limit allows (starting a goroutine allocates),
	// whatever the input's length.
	allocsPerCall   = 64
	allocsPerWorker = 4
	// extraGoroutines is the O(1) leash may start beyond the limit.
	extraGoroutines = 2
)

// render writes the results section of the README for run r, whose raw
// output is in rawPath and whose benchstat comparison is in statPath
// (both relative to the README).
func render(r *results, rawPath, statPath string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Measured %s with `%s`", r.config["date"], r.config["command"])
	if commit := r.config["commit"]; commit != "" {
		fmt.Fprintf(&b, " at commit %s", commit)
	}
	if cpu := r.config["cpu"]; cpu != "" {
		fmt.Fprintf(&b, " on %s", cpu)
	}
	fmt.Fprintf(&b, " (%s/%s, %s, GOMAXPROCS %s). ", r.config["goos"], r.config["goarch"], r.config["goversion"], r.config["gomaxprocs"])
	fmt.Fprintf(&b, "Each figure is the median of the runs; ± is the 95%% confidence interval of the median. "+
		"Raw output: [%s](%s); benchstat's comparison of every implementation with leash: [%s](%s).\n\n", rawPath, rawPath, statPath, statPath)

	b.WriteString("#### Summary\n\n")
	b.WriteString("| workload | leash ns/item | best peer | its ns/item | leash ÷ best peer | p | bare loop ns/item | leash ÷ bare loop | p |\n")
	b.WriteString("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, w := range r.workloads {
		l := w.find(subject)
		leashNs, _ := medianOf(l, unitNs)
		peer, peerNs := bestPeer(w)
		baseNs, hasBase := medianOf(w.find(baseline), unitNs)
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", w.name,
			nsString(leashNs), orDash(peer), nsString(peerNs), ratioString(leashNs, peerNs), pString(l.compare(w.find(peer), unitNs)),
			cond(hasBase, nsString(baseNs), "—"), cond(hasBase, ratioString(leashNs, baseNs), "—"), pString(l.compare(w.find(baseline), unitNs)))
	}
	b.WriteString("\np is the chance that the two ns/item samples come from one distribution (benchstat's U-test); above 0.05 the ratio is within the noise.\n")

	b.WriteString("\n#### Targets\n\n")
	b.WriteString("| target | workload | measured | met |\n| --- | --- | --- | --- |\n")
	for _, t := range targets(r) {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", t.what, t.workload, t.measured, cond(t.met, "yes", "**no**"))
	}

	impls := allImpls(r)
	for _, w := range r.workloads {
		fmt.Fprintf(&b, "\n#### %s\n\n", w.name)
		b.WriteString("| implementation | ns/item | ± | CPU ns/item | allocs/item | B/item | peak goroutines | goroutines started | peak heap |\n")
		b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		n := itemsOf(w)
		for _, name := range impls {
			m := w.find(name)
			if m == nil {
				fmt.Fprintf(&b, "| %s | — | | | | | | | |\n", name)
				continue
			}
			ns, _ := m.summary(unitNs)
			cpu, hasCPU := medianOf(m, unitCPU)
			allocs, _ := medianOf(m, unitAllocs)
			bytes, _ := medianOf(m, unitBytes)
			g, _ := medianOf(m, unitGoroutines)
			started, _ := medianOf(m, unitStarted)
			heap, _ := medianOf(m, unitHeap)
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %.0f | %.0f | %s |\n", name,
				nsString(ns.Center), ns.PctRangeString(), cond(hasCPU, nsString(cpu), "—"),
				perItemString(allocs, n, ""), perItemString(bytes, n, " B"),
				g, started, bytesString(heap))
		}
	}
	return b.String()
}

// A target is one of the goals leash is held to, checked on one workload.
type target struct {
	what, workload, measured string
	met                      bool
}

// targets checks every target on every workload it applies to.
func targets(r *results) []target {
	var ts []target
	for _, w := range r.workloads {
		l := w.find(subject)
		if l == nil {
			continue
		}
		leashNs, _ := medianOf(l, unitNs)
		if peer, peerNs := bestPeer(w); peer != "" {
			ratio := leashNs / peerNs
			ts = append(ts, target{fmt.Sprintf("leash ÷ best peer ≤ %.1f", peerTarget), w.name,
				fmt.Sprintf("%.2f (best peer: %s, p=%s)", ratio, peer, pString(l.compare(w.find(peer), unitNs))), ratio <= peerTarget})
		}
		if slices.Contains(sliceWorkloads, w.base) {
			if baseNs, ok := medianOf(w.find(baseline), unitNs); ok {
				ratio := leashNs / baseNs
				ts = append(ts, target{fmt.Sprintf("leash ÷ bare loop ≤ %.0f", baselineTarget), w.name,
					fmt.Sprintf("%.2f", ratio), ratio <= baselineTarget})
			}
			if allocs, ok := medianOf(l, unitAllocs); ok {
				n := itemsOf(w)
				limit, _ := strconv.Atoi(w.params["limit"])
				perCall := allocs * float64(n)
				ts = append(ts, target{"0 allocs/item", w.name,
					fmt.Sprintf("%.0f allocs a call of %d items", perCall, n),
					n > 0 && perCall <= float64(allocsPerCall+allocsPerWorker*limit)})
			}
		}
		if w.base == streamWorkload {
			if rillNs, ok := medianOf(w.find(streamPeer), unitNs); ok {
				ratio := leashNs / rillNs
				ts = append(ts, target{fmt.Sprintf("leash ÷ %s ≤ %.1f", streamPeer, streamTarget), w.name,
					fmt.Sprintf("%.2f", ratio), ratio <= streamTarget})
			}
		}
		if limit, err := strconv.Atoi(w.params["limit"]); err == nil {
			if g, ok := medianOf(l, unitGoroutines); ok {
				ts = append(ts, target{"peak goroutines ≤ limit + O(1)", w.name,
					fmt.Sprintf("%.0f at limit %d", g, limit), g <= float64(limit+extraGoroutines)})
			}
		}
	}
	return ts
}

// bestPeer returns the peer with the lowest median ns/item on w, or "" if
// w has no peer.
func bestPeer(w *workload) (name string, ns float64) {
	ns = math.Inf(1)
	for _, m := range w.impls {
		if m.impl == subject || m.impl == baseline {
			continue
		}
		if v, ok := medianOf(m, unitNs); ok && v < ns {
			name, ns = m.impl, v
		}
	}
	if name == "" {
		return "", math.NaN()
	}
	return name, ns
}

// allImpls returns every implementation that ran, in the order they first
// ran, so that a workload's table can show the ones it lacks as "—".
func allImpls(r *results) []string {
	var names []string
	for _, w := range r.workloads {
		for _, m := range w.impls {
			if !slices.Contains(names, m.impl) {
				names = append(names, m.impl)
			}
		}
	}
	return names
}

// medianOf is m.median for an m that may be nil.
func medianOf(m *measured, unit string) (float64, bool) {
	if m == nil {
		return math.NaN(), false
	}
	return m.median(unit)
}

// itemsOf returns the number of items of w, from the n= part of its name,
// or 0 if it does not say.
func itemsOf(w *workload) int {
	n, _ := strconv.Atoi(w.params["n"])
	return n
}

func nsString(ns float64) string {
	switch {
	case math.IsNaN(ns):
		return "—"
	case ns >= 100:
		return fmt.Sprintf("%.0f", ns)
	case ns >= 10:
		return fmt.Sprintf("%.1f", ns)
	default:
		return fmt.Sprintf("%.2f", ns)
	}
}

func ratioString(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// perItemString formats a per-item figure. One below 0.1 — a few
// allocations a call, spread over many items — reads better as what it is
// for a whole call, when the number of items n is known.
func perItemString(v float64, n int, unit string) string {
	switch {
	case v == 0:
		return "0"
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 0.1:
		return strconv.FormatFloat(v, 'g', 3, 64)
	case n > 0:
		return fmt.Sprintf("%.0f%s a call", v*float64(n), unit)
	default:
		return fmt.Sprintf("%.1e", v)
	}
}

func bytesString(b float64) string {
	switch {
	case math.IsNaN(b):
		return "—"
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", b/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", b/(1<<10))
	default:
		return fmt.Sprintf("%.0f B", b)
	}
}

// pString formats a p-value; NaN, for a comparison that could not be
// made, is "—".
func pString(p float64) string {
	if math.IsNaN(p) {
		return "—"
	}
	return fmt.Sprintf("%.2f", p)
}

func orDash(s string) string { return cond(s != "", s, "—") }

func cond[T any](c bool, yes, no T) T {
	if c {
		return yes
	}
	return no
}
