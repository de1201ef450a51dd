package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
)

// The units the benchmarks report, as they appear in the raw output.
const (
	unitNs         = "ns/item"
	unitCPU        = "cpu-ns/item"
	unitAllocs     = "allocs/item"
	unitBytes      = "B/item"
	unitGoroutines = "peak-goroutines"
	unitStarted    = "goroutines-started"
	unitHeap       = "peak-heap-B"
)

// implKey is the sub-benchmark key that names the implementation; every
// other part of a benchmark's name says which workload it is.
const implKey = "impl"

// A workload is one job measured on several implementations, such as
// "ForEach n=1000000 limit=2".
type workload struct {
	name   string            // the benchmark's name without the implementation and GOMAXPROCS
	base   string            // the benchmark function's name without "Benchmark"
	params map[string]string // the key=value parts of its name, such as n and limit
	impls  []*measured       // in the order the benchmarks ran
}

// measured is what the runs of one implementation of a workload reported:
// every run's value of every unit.
type measured struct {
	impl   string
	values map[string][]float64
}

// summary returns the median of unit over the runs, and its 95% confidence
// interval, the way benchstat computes them; ok is false if the runs did
// not report unit.
func (m *measured) summary(unit string) (s benchmath.Summary, ok bool) {
	vs := m.values[unit]
	if len(vs) == 0 {
		return s, false
	}
	sample := benchmath.NewSample(slices.Clone(vs), &benchmath.DefaultThresholds)
	return benchmath.AssumeNothing.Summary(sample, 0.95), true
}

// compare returns the p-value of the hypothesis that m and o come from the
// same distribution of unit, by the Mann-Whitney U-test benchstat uses: a
// difference with p ≥ 0.05 is within the noise.
func (m *measured) compare(o *measured, unit string) float64 {
	if m == nil || o == nil || len(m.values[unit]) == 0 || len(o.values[unit]) == 0 {
		return math.NaN()
	}
	a := benchmath.NewSample(slices.Clone(m.values[unit]), &benchmath.DefaultThresholds)
	b := benchmath.NewSample(slices.Clone(o.values[unit]), &benchmath.DefaultThresholds)
	return benchmath.AssumeNothing.Compare(a, b).P
}

// median returns the median of unit, or NaN-free zero and false if absent.
func (m *measured) median(unit string) (float64, bool) {
	s, ok := m.summary(unit)
	return s.Center, ok
}

// find returns the implementation named impl, or nil.
func (w *workload) find(impl string) *measured {
	for _, m := range w.impls {
		if m.impl == impl {
			return m
		}
	}
	return nil
}

// results is a parsed results file: its file-level configuration (goos,
// cpu, the date and command benchtable wrote) and its workloads, in the
// order they first appear.
type results struct {
	config    map[string]string
	workloads []*workload
}

// parse reads benchmark results in the Go benchmark format. Lines that are
// not results are skipped, as benchstat skips them; a file with no result
// for any implementation is an error, because a table made from it would
// be empty.
func parse(r io.Reader, fileName string) (*results, error) {
	out := &results{config: map[string]string{}}
	byName := map[string]*workload{}
	rd := benchfmt.NewReader(r, fileName)
	for rd.Scan() {
		res, ok := rd.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		for _, c := range res.Config {
			if c.File {
				out.config[c.Key] = string(c.Value)
			}
		}
		base, parts := res.Name.Parts()
		var (
			impl   string
			keep   []string
			params = map[string]string{}
		)
		for _, p := range parts {
			s := string(p)
			if strings.HasPrefix(s, "-") { // GOMAXPROCS
				continue
			}
			k, v, isKV := strings.Cut(strings.TrimPrefix(s, "/"), "=")
			switch {
			case isKV && k == implKey:
				impl = v
			case isKV:
				params[k] = v
				keep = append(keep, k+"="+v)
			default:
				keep = append(keep, k)
			}
		}
		if impl == "" {
			continue
		}
		name := strings.Join(append([]string{strings.TrimPrefix(string(base), "Benchmark")}, keep...), " ")
		w := byName[name]
		if w == nil {
			w = &workload{name: name, base: strings.TrimPrefix(string(base), "Benchmark"), params: params}
			byName[name] = w
			out.workloads = append(out.workloads, w)
		}
		m := w.find(impl)
		if m == nil {
			m = &measured{impl: impl, values: map[string][]float64{}}
			w.impls = append(w.impls, m)
		}
		for _, v := range res.Values {
			unit, value := v.Unit, v.Value
			if v.OrigUnit != "" {
				unit, value = v.OrigUnit, v.OrigValue
			}
			m.values[unit] = append(m.values[unit], value)
		}
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	if len(out.workloads) == 0 {
		return nil, fmt.Errorf("%s: no benchmark result named …/%s=…: is it the output of the bench module's benchmarks?", fileName, implKey)
	}
	return out, nil
}
