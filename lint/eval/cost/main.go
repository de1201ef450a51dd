// Command cost measures what the leash checks cost on a module's packages,
// analyzer by analyzer: the time each spends on the packages checked and on
// their dependencies (analysed for their facts, as go vet does), and the
// memory a run allocates and keeps, with every check and with the program
// model alone.
//
// From lint/, with the module to measure in DIR:
//
//	go run ./eval/cost -dir DIR -runs 3 ./...
//
// It loads the packages once (go/packages, with their tests and their
// dependencies' syntax), then runs the analyzers sequentially, runs times,
// with golang.org/x/tools/go/analysis/checker. A package counts as checked
// when the pattern names it, as a dependency otherwise; analyzers that
// export facts (the model's, ctrlflow's) and what they require run on
// every dependency, as under go vet. The memory kept is what checker's
// action graph holds at the end: every package's results at once, where
// the leash command drops each package once it is analysed, so it bounds
// what the model keeps from above; it is not the command's peak.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/leash-go/leash/lint/checks"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

func main() {
	dir := flag.String("dir", ".", "the module to measure")
	runs := flag.Int("runs", 3, "runs of each set of analyzers")
	flag.Parse()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Tests: true, Dir: *dir}
	t0 := time.Now()
	pkgs, err := packages.Load(cfg, flag.Args()...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("loaded %d packages in %v\n", len(pkgs), time.Since(t0).Round(time.Millisecond))
	for r := range *runs {
		measure(fmt.Sprintf("run %d, every check", r+1), checks.All, pkgs)
		measure(fmt.Sprintf("run %d, the model alone", r+1), []*analysis.Analyzer{model.Analyzer}, pkgs)
	}
}

// measure runs analyzers over pkgs and prints the time each analyzer took
// on the packages checked and on the dependencies, what the run allocated
// and how much of the heap the result keeps alive.
func measure(name string, analyzers []*analysis.Analyzer, pkgs []*packages.Package) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	t0 := time.Now()
	g, err := checker.Analyze(analyzers, pkgs, &checker.Options{Sequential: true})
	wall := time.Since(t0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	type cost struct {
		name       string
		roots, dep time.Duration
	}
	roots := make(map[*packages.Package]bool)
	for _, p := range pkgs {
		roots[p] = true
	}
	byName := make(map[string]*cost)
	for act := range g.All() {
		c := byName[act.Analyzer.Name]
		if c == nil {
			c = &cost{name: act.Analyzer.Name}
			byName[act.Analyzer.Name] = c
		}
		if roots[act.Package] {
			c.roots += act.Duration
		} else {
			c.dep += act.Duration
		}
	}
	var costs []*cost
	for _, c := range byName {
		costs = append(costs, c)
	}
	slices.SortFunc(costs, func(a, b *cost) int { return cmp.Compare(b.roots+b.dep, a.roots+a.dep) })
	fmt.Printf("%s: %v; allocated %d MB, kept %d MB\n", name, wall.Round(time.Millisecond),
		(after.TotalAlloc-before.TotalAlloc)>>20, (int64(after.HeapAlloc)-int64(before.HeapAlloc))>>20)
	for _, c := range costs {
		fmt.Printf("\t%-14s %8v on the packages, %8v on their dependencies\n", c.name, c.roots.Round(time.Millisecond), c.dep.Round(time.Millisecond))
	}
	runtime.KeepAlive(g)
}
