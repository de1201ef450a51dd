package main

import (
	"strings"
	"testing"
)

// raw is the output of two rounds of two workloads, with made-up figures
// chosen so that some targets are met and some are not.
const raw = `date: 2026-01-02 03:04 UTC
command: go run ./cmd/benchtable -count 2
commit: abc1234
goversion: go1.26.8
gomaxprocs: 2
goos: linux
goarch: amd64
pkg: github.com/leash-go/leash/bench
cpu: Some CPU
BenchmarkMap/n=1000/limit=2/impl=leash-2     	10	 100 ns/op	 30 ns/item	 25 cpu-ns/item	 0.004 allocs/item	 0.5 B/item	 1 peak-goroutines	 1 goroutines-started	 8000 peak-heap-B
BenchmarkMap/n=1000/limit=2/impl=conc-2      	10	 100 ns/op	 20 ns/item	 0.01 allocs/item	 8 B/item	 2 peak-goroutines	 2 goroutines-started	 8000 peak-heap-B
BenchmarkMap/n=1000/limit=2/impl=bareloop-2  	10	 100 ns/op	 10 ns/item	 0.009 allocs/item	 8 B/item	 2 peak-goroutines	 2 goroutines-started	 8000 peak-heap-B
BenchmarkOrderedStream/n=500/limit=2/impl=leash-2 	10	 100 ns/op	 100 ns/item	 0 allocs/item	 0 B/item	 9 peak-goroutines	 2 goroutines-started	 0 peak-heap-B
BenchmarkOrderedStream/n=500/limit=2/impl=rill-2  	10	 100 ns/op	 1000 ns/item	 0 allocs/item	 0 B/item	 5 peak-goroutines	 6 goroutines-started	 3145728 peak-heap-B
PASS
goos: linux
goarch: amd64
pkg: github.com/leash-go/leash/bench
cpu: Some CPU
BenchmarkMap/n=1000/limit=2/impl=leash-2     	10	 100 ns/op	 50 ns/item	 0.004 allocs/item	 0.5 B/item	 1 peak-goroutines	 1 goroutines-started	 8000 peak-heap-B
BenchmarkMap/n=1000/limit=2/impl=conc-2      	10	 100 ns/op	 20 ns/item	 0.01 allocs/item	 8 B/item	 2 peak-goroutines	 2 goroutines-started	 8000 peak-heap-B
BenchmarkMap/n=1000/limit=2/impl=bareloop-2  	10	 100 ns/op	 10 ns/item	 0.009 allocs/item	 8 B/item	 2 peak-goroutines	 2 goroutines-started	 8000 peak-heap-B
BenchmarkOrderedStream/n=500/limit=2/impl=leash-2 	10	 100 ns/op	 100 ns/item	 0 allocs/item	 0 B/item	 9 peak-goroutines	 2 goroutines-started	 0 peak-heap-B
BenchmarkOrderedStream/n=500/limit=2/impl=rill-2  	10	 100 ns/op	 1000 ns/item	 0 allocs/item	 0 B/item	 5 peak-goroutines	 6 goroutines-started	 3145728 peak-heap-B
PASS
`

func parseRaw(t *testing.T) *results {
	t.Helper()
	r, err := parse(strings.NewReader(raw), "raw.txt")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestParseGroupsRunsByWorkloadAndImplementation(t *testing.T) {
	r := parseRaw(t)
	if len(r.workloads) != 2 {
		t.Fatalf("got %d workloads, want 2", len(r.workloads))
	}
	m := r.workloads[0]
	if m.name != "Map n=1000 limit=2" || m.base != "Map" || m.params["n"] != "1000" || m.params["limit"] != "2" {
		t.Errorf("first workload: name %q, base %q, params %v", m.name, m.base, m.params)
	}
	var impls []string
	for _, im := range m.impls {
		impls = append(impls, im.impl)
	}
	if got := strings.Join(impls, " "); got != "leash conc bareloop" {
		t.Errorf("implementations %q, want them in the order they ran", got)
	}
	leash := m.find("leash")
	if got := leash.values[unitNs]; len(got) != 2 || got[0] != 30 || got[1] != 50 {
		t.Errorf("leash ns/item runs %v, want [30 50] as reported, in ns", got)
	}
	if med, _ := leash.median(unitNs); med != 40 {
		t.Errorf("median of 30 and 50: got %v", med)
	}
	if r.config["date"] != "2026-01-02 03:04 UTC" || r.config["cpu"] != "Some CPU" {
		t.Errorf("config %v", r.config)
	}
}

func TestParseRejectsOutputWithoutResults(t *testing.T) {
	_, err := parse(strings.NewReader("goos: linux\nPASS\nBenchmarkOther-2 1 5 ns/op\n"), "other.txt")
	if err == nil || !strings.Contains(err.Error(), "other.txt") {
		t.Errorf("got error %v, want one naming the file that has no results", err)
	}
}

func TestTargets(t *testing.T) {
	want := map[string]string{
		"leash ÷ best peer ≤ 1.0 | Map n=1000 limit=2":                 "2.00 (best peer: conc, p=0.33) no",
		"leash ÷ bare loop ≤ 2 | Map n=1000 limit=2":                   "4.00 no",
		"0 allocs/item | Map n=1000 limit=2":                           "4 allocs a call of 1000 items yes",
		"peak goroutines ≤ limit + O(1) | Map n=1000 limit=2":          "1 at limit 2 yes",
		"leash ÷ best peer ≤ 1.0 | OrderedStream n=500 limit=2":        "0.10 (best peer: rill, p=0.33) yes",
		"leash ÷ rill ≤ 0.3 | OrderedStream n=500 limit=2":             "0.10 yes",
		"peak goroutines ≤ limit + O(1) | OrderedStream n=500 limit=2": "9 at limit 2 no",
	}
	got := map[string]string{}
	for _, tg := range targets(parseRaw(t)) {
		got[tg.what+" | "+tg.workload] = tg.measured + " " + cond(tg.met, "yes", "no")
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: got %q, want %q", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d targets, want %d: %v", len(got), len(want), got)
	}
}

func TestRender(t *testing.T) {
	out := render(parseRaw(t), "results/latest.txt", "results/benchstat.txt")
	for _, want := range []string{
		"Measured 2026-01-02 03:04 UTC with `go run ./cmd/benchtable -count 2` at commit abc1234 on Some CPU (linux/amd64, go1.26.8, GOMAXPROCS 2).",
		"[results/latest.txt](results/latest.txt)",
		"| Map n=1000 limit=2 | 40.0 | conc | 20.0 | 2.00 | 0.33 | 10.0 | 4.00 | 0.33 |",
		"| OrderedStream n=500 limit=2 | 100 | rill | 1000 | 0.10 | 0.33 | — | — | — |",
		"| leash ÷ bare loop ≤ 2 | Map n=1000 limit=2 | 4.00 | **no** |",
		"| conc | 20.0 | ∞ | — | 10 a call | 8 | 2 | 2 | 7.8 KiB |",
		"| leash | 40.0 | ∞ | 25.0 | 4 a call | 0.5 | 1 | 1 | 7.8 KiB |",
		"| rill | 1000 | ∞ | — | 0 | 0 | 5 | 6 | 3.0 MiB |",
		"| conc | — | | | | | | | |", // conc has no OrderedStream here
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q; it is:\n%s", want, out)
		}
	}
}

func TestReplaceSection(t *testing.T) {
	doc := "# Title\n\nBefore.\n\n" + beginMarker + "\nold table\n" + endMarker + "\n\nAfter.\n"
	got, err := replaceSection(doc, "new table\n")
	if err != nil {
		t.Fatal(err)
	}
	want := "# Title\n\nBefore.\n\n" + beginMarker + "\nnew table\n" + endMarker + "\n\nAfter.\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	for name, bad := range map[string]string{
		"no markers":       "# Title\n",
		"no end":           beginMarker + "\n",
		"twice":            beginMarker + endMarker + beginMarker + endMarker,
		"end before begin": endMarker + "\n" + beginMarker + "\n",
	} {
		if _, err := replaceSection(bad, "table"); err == nil {
			t.Errorf("%s: no error, want one rather than a guess where the table goes", name)
		}
	}
}
